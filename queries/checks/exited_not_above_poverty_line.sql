-- id: C05
-- severity: error
-- title_zh: 已脱贫户人均纯收入未高于当年贫困线
-- title_en: Exited household whose income is not above that year's poverty line
-- explanation_zh: 脱贫标准是人均纯收入稳定超过当年国家扶贫标准，恰好等于贫困线也不算达标。已脱贫户收入未高于（低于或等于）其收入年度的贫困线：应核实收入（是否漏计务工、政策性收入），或按返贫处理。
-- explanation_en: Exit means an income per head steadily above the national poverty line of the year; exactly on the line is not above it. An exited household not above the line of its income year (below or on it): check the income (wages, transfers left out?) or treat it as relapsed.
-- Grain: one row per exited household whose income_per_capita is not above its line
-- (household_facts.is_income_above_line: for an exited household the line of its income_year,
-- a year the reference table lacks taking the latest earlier year's line).
-- Parameters: $snapshot_date (DATE).
select
    household_id,
    cast(null as varchar) as person_id,
    village_code,
    income_year || '年人均纯收入 ' || income_per_capita || ' 元，未高于当年贫困线 '
    || poverty_line_yuan || ' 元' as detail
from household_facts
where snapshot_date = $snapshot_date
  and is_exited
  and not is_income_above_line
order by village_code, household_id
