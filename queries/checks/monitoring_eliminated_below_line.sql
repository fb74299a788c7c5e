-- id: C51
-- severity: error
-- title_zh: 收入未高于监测线却已标注风险消除
-- title_en: Risk marked eliminated while income is not above the monitoring line
-- explanation_zh: 风险消除要求人均纯收入稳定高于当年监测范围。该户最近一次监测已标注消除，但人均纯收入不高于其收入年度、所在县（省）的监测线：核实收入，或回退为风险未消除。
-- explanation_en: Elimination needs income per head steadily above the year's monitoring range. This household's latest spell is marked eliminated, yet its income is not above the line of its county (or province) for the income's year: check the income, or roll the elimination back.
-- Grain: one row per household whose latest spell is eliminated on the snapshot date and whose
-- income_per_capita <= monitoring_line(village_code, income_year).
-- Parameters: $snapshot_date (DATE).
select
    household_id,
    cast(null as varchar) as person_id,
    village_code,
    income_year || ' 年人均纯收入 ' || income_per_capita || ' 元，未高于监测线 '
    || monitoring_line(village_code, income_year) || ' 元，却已于 '
    || strftime(eliminated_date, '%Y-%m-%d') || ' 标注风险消除' as detail
from monitoring_spells
where snapshot_date = $snapshot_date
  and is_latest
  and not is_open
  and income_per_capita <= monitoring_line(village_code, income_year)
order by village_code, household_id
