-- id: C08
-- severity: error
-- title_zh: 身份证号码中的出生日期无效
-- title_en: ID number whose birth date is not a real date
-- explanation_zh: 身份证号码第7至14位是出生日期（年月日）。不存在的日期（如2月30日）、1900年以前或晚于快照日的日期，说明号码有误，须对照证件更正。
-- explanation_en: Characters 7 to 14 of the number are the birth date (YYYYMMDD). A date that does not exist (30 February), before 1900 or after the snapshot date means the number is wrong: correct it from the card.
-- Grain: one row per member whose well-formed id_number holds an impossible birth date.
-- Parameters: $snapshot_date (DATE).
-- Personal data: the number is masked here (first 6 and last 4 characters); the date digits
-- are shown, as the reader needs them to see what is wrong.
with m as (
    select
        m.*,
        upper(trim(m.id_number)) as number,
        try_strptime(substring(trim(m.id_number), 7, 8), '%Y%m%d') as born
    from members as m
    where m.snapshot_date = $snapshot_date
      and regexp_full_match(trim(m.id_number), '[0-9]{17}[0-9Xx]')
)

select
    m.household_id,
    m.person_id,
    h.village_code,
    '成员 ' || left(m.name, 1) || '** 的身份证号码 ' || left(m.number, 6) || '********'
    || right(m.number, 4) || ' 中的出生日期 ' || substring(m.number, 7, 8)
    || case
        when m.born is null then ' 不是有效日期'
        when m.born < date '1900-01-01' then ' 早于1900年'
        else ' 晚于快照日'
    end as detail
from m
left join households as h
    on h.household_id = m.household_id
   and h.snapshot_date = m.snapshot_date
where (m.born is null or m.born < date '1900-01-01' or m.born > $snapshot_date::date)
  and coalesce(h.status, '') <> 'removed'
order by h.village_code, m.household_id, m.person_id
