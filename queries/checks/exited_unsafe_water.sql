-- id: C02
-- severity: error
-- title_zh: 已脱贫户饮水不安全
-- title_en: Exited household without safe drinking water
-- explanation_zh: 脱贫须饮水安全有保障。已脱贫户饮水安全为“否”：应核实是否已通自来水或改水，再据实更正。
-- explanation_en: Exit requires safe drinking water. An exited household recorded without it: check whether the water supply was connected, then correct the record or the status.
-- Grain: one row per exited household with drinking_water_safe false.
-- Parameters: $snapshot_date (DATE).
-- not_in_source: rows <- households.drinking_water_safe
select
    h.household_id,
    cast(null as varchar) as person_id,
    h.village_code,
    '已脱贫（' || coalesce(cast(h.exit_year as varchar), '年度空') || '年），饮水安全：否' as detail
from households as h
where h.snapshot_date = $snapshot_date
  and is_exited(h.status)
  and not h.drinking_water_safe
order by h.village_code, h.household_id
