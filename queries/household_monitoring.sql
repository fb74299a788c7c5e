-- household_monitoring: one household's monitoring history (监测记录) in a snapshot.
-- Grain: one row per spell of the household (each identification), oldest first.
-- Parameters: $snapshot_date (DATE), $household_id (VARCHAR).
select
    identified_date,
    object_type,
    main_risk,
    risk_types,
    measures,
    is_open,
    eliminated_date,
    months_monitored
from monitoring_spells
where snapshot_date = $snapshot_date
  and household_id = $household_id
order by identified_date
