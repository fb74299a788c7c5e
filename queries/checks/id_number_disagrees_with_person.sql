-- id: C10
-- severity: warning
-- title_zh: 出生日期或性别与身份证号码不符
-- title_en: Birth date or sex disagrees with the ID number
-- explanation_zh: 身份证号码第7至14位是出生日期，第17位奇数为男、偶数为女。成员的出生日期或性别与号码不一致，应以证件为准更正其中之一。
-- explanation_en: Characters 7 to 14 of the ID number are the birth date; the 17th is odd for a man, even for a woman. When the member's birth date or sex disagrees, correct one of them from the card.
-- Grain: one row per member with a well-formed id_number whose valid birth date or sex digit
-- disagrees with the member's birth_date or sex.
-- Parameters: $snapshot_date (DATE).
-- Personal data: the name is masked; the number is not shown at all.
with m as (
    select
        m.*,
        try_strptime(substring(trim(m.id_number), 7, 8), '%Y%m%d')::date as id_birth_date,
        case
            when cast(substring(trim(m.id_number), 17, 1) as integer) % 2 = 1 then 'male'
            else 'female'
        end as id_sex
    from members as m
    where m.snapshot_date = $snapshot_date
      and regexp_full_match(trim(m.id_number), '[0-9]{17}[0-9Xx]')
)

select
    m.household_id,
    m.person_id,
    h.village_code,
    '成员 ' || left(m.name, 1) || '**：'
    || concat_ws(
        '；',
        case
            when m.id_birth_date <> m.birth_date
                then '出生日期 ' || strftime(m.birth_date, '%Y-%m-%d') || '，号码中为 '
                || strftime(m.id_birth_date, '%Y-%m-%d')
        end,
        case
            when m.id_sex <> m.sex
                then '性别 ' || case m.sex when 'male' then '男' else '女' end || '，号码中为 '
                || case m.id_sex when 'male' then '男' else '女' end
        end
    ) as detail
from m
left join households as h
    on h.household_id = m.household_id
   and h.snapshot_date = m.snapshot_date
where m.id_birth_date is not null
  and (m.id_birth_date <> m.birth_date or m.id_sex <> m.sex)
  and coalesce(h.status, '') <> 'removed'
order by h.village_code, m.household_id, m.person_id
