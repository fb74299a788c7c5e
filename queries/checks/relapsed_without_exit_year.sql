-- id: C31
-- severity: error
-- title_zh: 返贫户无脱贫年度
-- title_en: Relapsed household without an exit year
-- explanation_zh: 返贫户此前必定脱过贫，应保留原脱贫年度。脱贫年度为空的，或状态应为未脱贫，或脱贫年度漏填。
-- explanation_en: A relapsed household exited before and keeps that exit year. Without one, either the status should be not exited or the exit year was left out.
-- Grain: one row per household with status relapsed and no exit_year.
-- Parameters: $snapshot_date (DATE).
select
    household_id,
    cast(null as varchar) as person_id,
    village_code,
    '状态：返贫；脱贫年度为空（识别年度 ' || identified_year || '）' as detail
from households
where snapshot_date = $snapshot_date
  and is_relapsed(status)
  and exit_year is null
order by village_code, household_id
