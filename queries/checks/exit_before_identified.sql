-- id: C30
-- severity: error
-- title_zh: 脱贫年度早于识别年度
-- title_en: Exit year before the year identified
-- explanation_zh: 一户不能在被识别为贫困户之前脱贫。脱贫年度早于识别年度的，其中一项填错：请核实更正。
-- explanation_en: A household cannot exit before it was identified as poor. One of the two years is wrong: check and correct it.
-- Grain: one row per registered household whose exit_year is before its identified_year.
-- Parameters: $snapshot_date (DATE).
select household_id, cast(null as varchar) as person_id, village_code,
    '识别年度 ' || identified_year || '，脱贫年度 ' || exit_year as detail
from registered_households_of($snapshot_date)
where exit_year < identified_year
order by village_code, household_id
