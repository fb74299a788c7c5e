-- monitoring_objects: the list of monitoring objects (监测对象名单).
-- Grain: one row per household ever identified, in the state of its latest spell
-- (monitoring_households): open ones first, then by identification date and household.
-- Parameters: $snapshot_date (DATE), $list_limit (INTEGER or NULL for every row).
-- Personal data: the head's name is masked by the staging view household_places.
select
    household_id,
    village_code,
    village_name,
    head_name,
    object_type,
    main_risk,
    risk_types,
    identified_date,
    is_open,
    eliminated_date,
    months_monitored,
    measures,
    people,
    able_workers,
    has_measure,
    has_developmental,
    spells
from monitoring_households
where snapshot_date = $snapshot_date
order by is_open desc, identified_date, village_code, household_id
limit $list_limit
