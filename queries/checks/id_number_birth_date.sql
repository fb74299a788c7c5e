-- id: C08
-- severity: error
-- title_zh: 身份证号码中的出生日期无效
-- title_en: ID number whose birth date is not a real date
-- explanation_zh: 身份证号码第7至14位是出生日期（年月日）。不存在的日期（如2月30日）、1900年以前或晚于快照日的日期，说明号码有误，须对照证件更正。
-- explanation_en: Characters 7 to 14 of the number are the birth date (YYYYMMDD). A date that does not exist (30 February), before 1900 or after the snapshot date means the number is wrong: correct it from the card.
-- Grain: one row per member whose well-formed id_number holds an impossible birth date.
-- Parameters: $snapshot_date (DATE).
-- Personal data: the name goes through mask_name, the number through mask_id_number; the date
-- digits are shown, as the reader needs them to see what is wrong.
select
    household_id,
    person_id,
    village_code,
    '成员 ' || mask_name(name) || ' 的身份证号码 ' || mask_id_number(id_number_normalized)
    || ' 中的出生日期 ' || substring(id_number_normalized, 7, 8)
    || case
        when id_birth_date is null then ' 不是有效日期'
        when id_birth_date < date '1900-01-01' then ' 早于1900年'
        else ' 晚于快照日'
    end as detail
from members_with_household
where snapshot_date = $snapshot_date
  and not household_is_removed
  and id_number_is_well_formed
  and (
      id_birth_date is null
      or id_birth_date < date '1900-01-01'
      or id_birth_date > $snapshot_date::date
  )
order by village_code, household_id, person_id
