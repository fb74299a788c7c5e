-- id: C07
-- severity: error
-- title_zh: 身份证号码校验位错误
-- title_en: ID number with a wrong check digit
-- explanation_zh: 身份证号码第18位是按国家标准GB 11643由前17位算出的校验码。校验码不符，说明号码中有录错的数字，须对照证件更正。
-- explanation_en: The 18th character is the GB 11643 check digit computed from the first 17. A mismatch means a digit was mistyped: correct it from the card.
-- Grain: one row per member whose well-formed id_number (17 digits and a digit or X) has the
-- wrong check character; a lower-case x counts as X.
-- Parameters: $snapshot_date (DATE).
-- Personal data: the name goes through mask_name, the number through mask_id_number.
-- The expected character is members_with_household's id_expected_check (the
-- id_number_check_character rule, computed once per snapshot).
select
    household_id,
    person_id,
    village_code,
    '成员 ' || mask_name(name) || ' 的身份证号码 ' || mask_id_number(id_number_normalized)
    || ' 校验位应为 ' || id_expected_check as detail
from members_with_household
where snapshot_date = $snapshot_date
  and not household_is_removed
  and id_number_is_well_formed
  and right(id_number_normalized, 1) <> id_expected_check
order by village_code, household_id, person_id
