-- id: C02
-- severity: error
-- title_zh: 已脱贫户饮水不安全
-- title_en: Exited household without safe drinking water
-- explanation_zh: 脱贫须饮水安全有保障。已脱贫户饮水安全为“否”：应核实是否已通自来水或改水，再据实更正。
-- explanation_en: Exit requires safe drinking water. An exited household recorded without it: check whether the water supply was connected, then correct the record or the status.
-- Grain: one row per exited household with drinking_water_safe false.
-- Parameters: $snapshot_date (DATE).
-- not_in_source: rows <- households.drinking_water_safe
select household_id, cast(null as varchar) as person_id, village_code,
    '已脱贫（' || coalesce(cast(exit_year as varchar), '年度空') || '年），饮水安全：否' as detail
from registered_households_of($snapshot_date)
where is_exited(status) and not drinking_water_safe
order by village_code, household_id
