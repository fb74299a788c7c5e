-- monitoring_duration: how long the objects have been monitored (监测时长), open and eliminated.
-- Grain: one row per band of the monitoring_duration definition present (under_6, 6_12, 12_24,
-- 24_plus, in that order): months from identification to elimination, or to the snapshot
-- date while open, of each household's latest spell. Parameters: $snapshot_date (DATE).
select
    monitoring_duration_band(months_monitored) as band,
    count(*) filter (where is_open) as open_households,
    count(*) filter (where not is_open) as eliminated_households
from monitoring_households
where snapshot_date = $snapshot_date
group by band
order by array_position(['under_6', '6_12', '12_24', '24_plus'], band)
