-- quality_rule_counts: how many findings each rule of the check catalogue has on a snapshot.
-- Grain: one row per rule with at least one finding (dashboard.checks adds the silent ones).
-- Parameters: $snapshot_date (DATE).
-- households and villages are distinct ones with a finding of that rule.
select
    rule_id,
    count(*) as findings,
    count(distinct household_id) as households,
    count(distinct village_code) as villages
from findings
where snapshot_date = $snapshot_date
group by rule_id
order by rule_id
