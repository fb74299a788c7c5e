-- id: C06
-- severity: error
-- title_zh: 身份证号码格式错误
-- title_en: Malformed ID number
-- explanation_zh: 居民身份证号码应为18位：前17位是数字，末位是数字或X。位数不对或含其他字符的（常见于Excel把号码存成数字、丢了末位或写成科学计数），须对照证件重新录入。
-- explanation_en: A resident ID number has 18 characters: 17 digits, then a digit or X. A number of another length or with other characters (often Excel storing it as a number, losing digits or writing 3.41182E+17) must be typed again from the card.
-- Grain: one row per member, not of a removed household, whose non-blank id_number is not of
-- the form of a resident ID number (is_well_formed_id_number: 17 digits and a digit or X).
-- Parameters: $snapshot_date (DATE).
-- Personal data: the name goes through mask_name, the number through mask_id_number; a blank
-- number is rule C12's, not this one's.
with numbered as (
    select *, trim(id_number) as number
    from members_with_household
    where snapshot_date = $snapshot_date
      and not household_is_removed
      and not id_number_is_well_formed
)

select
    household_id,
    person_id,
    village_code,
    '成员 ' || mask_name(name) || ' 的身份证号码 ' || mask_id_number(number)
    || ' 有 ' || length(number) || ' 位'
    || case when regexp_full_match(number, '.*[^0-9Xx].*') then '，含非数字字符' else '' end
    as detail
from numbered
where number <> ''
order by village_code, household_id, person_id
