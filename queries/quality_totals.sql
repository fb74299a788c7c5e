-- quality_totals: the check catalogue's findings on a snapshot in all.
-- Grain: one row: findings, errors, warnings and distinct households with a finding.
-- Parameters: $snapshot_date (DATE).
select
    count(*) as findings,
    count(*) filter (where severity = 'error') as errors,
    count(*) filter (where severity = 'warning') as warnings,
    count(distinct household_id) as households
from findings
where snapshot_date = $snapshot_date
