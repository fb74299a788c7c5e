-- id: C01
-- severity: error
-- title_zh: 已脱贫户住房不安全
-- title_en: Exited household whose housing is unsafe
-- explanation_zh: 两不愁三保障要求住房安全有保障。标为已脱贫的户，住房安全一栏却为“否”：或房屋仍是危房、应先改造再脱贫，或填报有误。
-- explanation_en: Exit requires safe housing (两不愁三保障). A household marked exited whose housing is recorded unsafe either still lives in a dangerous house (renovate it before exit) or was recorded wrongly.
-- Grain: one row per exited household with housing_safe false.
-- Parameters: $snapshot_date (DATE).
-- not_in_source: rows <- households.housing_safe
select household_id, cast(null as varchar) as person_id, village_code,
    '已脱贫（' || coalesce(cast(exit_year as varchar), '年度空') || '年），住房安全：否' as detail
from registered_households_of($snapshot_date)
where is_exited(status) and not housing_safe
order by village_code, household_id
