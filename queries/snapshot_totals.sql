-- snapshot_totals: the register's totals at every snapshot, for the half-year series.
-- Grain: one row per snapshot date, oldest first.
-- Parameters: none.
-- Registered, exited, not exited, relapsed and removed as docs/definitions.md defines them: the
-- table macro register_counts, which household_totals reads for one snapshot.
select dates.snapshot_date, counts.*
from (select distinct snapshot_date from household_facts) as dates,
    lateral register_counts(dates.snapshot_date) as counts
order by dates.snapshot_date
