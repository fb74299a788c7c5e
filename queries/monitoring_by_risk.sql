-- monitoring_by_risk: monitoring objects by main risk (主要风险类型), open and eliminated.
-- Grain: one row per main_risk of the households' latest spells ('unknown' where the source
-- gives none), the most open objects first. Parameters: $snapshot_date (DATE).
select
    coalesce(main_risk, 'unknown') as main_risk,
    count(*) filter (where is_open) as open_households,
    count(*) filter (where not is_open) as eliminated_households
from monitoring_households
where snapshot_date = $snapshot_date
group by all
order by open_households desc, eliminated_households desc, main_risk
