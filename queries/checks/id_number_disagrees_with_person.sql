-- id: C10
-- severity: warning
-- title_zh: 出生日期或性别与身份证号码不符
-- title_en: Birth date or sex disagrees with the ID number
-- explanation_zh: 身份证号码第7至14位是出生日期，第17位奇数为男、偶数为女。成员的出生日期或性别与号码不一致，应以证件为准更正其中之一。
-- explanation_en: Characters 7 to 14 of the ID number are the birth date; the 17th is odd for a man, even for a woman. When the member's birth date or sex disagrees, correct one of them from the card.
-- Grain: one row per member with a well-formed id_number whose valid birth date or sex digit
-- disagrees with the member's birth_date or sex.
-- Parameters: $snapshot_date (DATE).
-- Personal data: the name goes through mask_name; the number is not shown at all.
select
    household_id,
    person_id,
    village_code,
    '成员 ' || mask_name(name) || '：'
    || concat_ws(
        '；',
        case
            when id_birth_date <> birth_date
                then '出生日期 ' || strftime(birth_date, '%Y-%m-%d') || '，号码中为 '
                || strftime(id_birth_date, '%Y-%m-%d')
        end,
        case
            when id_sex <> sex
                then '性别 ' || case sex when 'male' then '男' else '女' end || '，号码中为 '
                || case id_sex when 'male' then '男' else '女' end
        end
    ) as detail
from members_with_household
where snapshot_date = $snapshot_date
  and not household_is_removed
  and id_birth_date is not null
  and (id_birth_date <> birth_date or id_sex <> sex)
order by village_code, household_id, person_id
