-- id: C50
-- severity: warning
-- title_zh: 识别后不满6个月即标注风险消除
-- title_en: Risk marked eliminated within six months of identification
-- explanation_zh: 风险消除原则上要求收入持续稳定半年以上，识别满6个月才可标注消除（自然消除除外）。识别后不满6个月就标注消除：核实是否为自然消除、是否消除过早，必要时回退。
-- explanation_en: A risk is marked eliminated only after income has been stable for half a year: at least 6 months after identification (a risk that disappeared naturally aside). Eliminated sooner: check whether it vanished naturally or was marked too early, and roll it back if need be.
-- Grain: one row per eliminated monitoring spell whose months from identification to
-- elimination (monitoring_months) are fewer than monitoring_elimination_months_min() (6).
-- Parameters: $snapshot_date (DATE).
select
    household_id,
    cast(null as varchar) as person_id,
    village_code,
    strftime(identified_date, '%Y-%m-%d') || ' 识别，' || strftime(eliminated_date, '%Y-%m-%d')
    || ' 标注消除，仅 ' || months_monitored || ' 个月' as detail
from monitoring_spells
where snapshot_date = $snapshot_date
  and not is_open
  and months_monitored < monitoring_elimination_months_min()
order by village_code, household_id, identified_date
