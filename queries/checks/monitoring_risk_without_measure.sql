-- id: C53
-- severity: warning
-- title_zh: 监测风险没有对应的帮扶措施
-- title_en: A monitoring risk with no measure that answers it
-- explanation_zh: 风险未消除的监测对象应落实针对其风险的措施：因病须有健康帮扶，因学须有教育帮扶，因残须有综合保障，住房不安全须有住房安全保障或搬迁，饮水不安全须有饮水安全保障（社会帮扶可代替前三者）。补录措施，或核实风险类型。
-- explanation_en: An open object needs a measure for its risk: health for illness, education for schooling costs, social assistance for disability, safe housing or relocation for unsafe housing, safe water for unsafe water (social help stands in for the first three). Record the measure, or check the risk.
-- Grain: one row per open latest spell whose main_risk needs a measure and whose measures
-- have none that answers it (has_measure_for_risk).
-- Parameters: $snapshot_date (DATE).
select
    household_id,
    cast(null as varchar) as person_id,
    village_code,
    '主要风险：' || main_risk || '；帮扶措施：' || coalesce(nullif(trim(measures), ''), '（无）')
    as detail
from monitoring_spells
where snapshot_date = $snapshot_date
  and is_latest
  and is_open
  and not has_measure_for_risk(main_risk, measures)
order by village_code, household_id
