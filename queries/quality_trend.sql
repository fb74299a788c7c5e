-- quality_trend: findings per snapshot and rule of the check catalogue, every snapshot.
-- Grain: one row per snapshot and rule with at least one finding (dashboard.checks adds zeros).
-- Parameters: none.
select snapshot_date, rule_id, count(*) as findings
from findings
group by snapshot_date, rule_id
order by snapshot_date, rule_id
