-- id: C12
-- severity: error
-- title_zh: 成员姓名或身份证号码为空
-- title_en: Member without a name or an ID number
-- explanation_zh: 每名成员都须有姓名和身份证号码，否则无法比对、无法发放补助。为空的，须对照户口簿补录。
-- explanation_en: Every member needs a name and an ID number, or nothing can be matched or paid. Fill them in from the household register (户口簿).
-- Grain: one row per member of a registered household whose name or id_number is blank.
-- Parameters: $snapshot_date (DATE).
-- Personal data: a name that is there goes through mask_name.
select
    household_id,
    person_id,
    village_code,
    '成员 ' || coalesce(mask_name(nullif(trim(name), '')), person_id) || '：'
    || concat_ws(
        '、',
        case when trim(name) = '' then '姓名为空' end,
        case when trim(id_number) = '' then '身份证号码为空' end
    ) as detail
from members_with_household
where snapshot_date = $snapshot_date
  and (trim(name) = '' or trim(id_number) = '')
  and not household_is_removed
order by village_code, household_id, person_id
