-- snapshot_totals: the register's totals at every snapshot, for the half-year series.
-- Grain: one row per snapshot date, oldest first.
-- Parameters: none.
-- Registered, exited, not exited, relapsed and removed as docs/definitions.md defines them.
select
    snapshot_date,
    count(*) filter (where is_registered) as registered_households,
    coalesce(sum(people) filter (where is_registered), 0) as registered_people,
    count(*) filter (where is_exited) as exited_households,
    coalesce(sum(people) filter (where is_exited), 0) as exited_people,
    count(*) filter (where is_not_exited) as not_exited_households,
    coalesce(sum(people) filter (where is_not_exited), 0) as not_exited_people,
    count(*) filter (where is_relapsed(status)) as relapsed_households,
    count(*) filter (where is_removed(status)) as removed_households
from household_facts
group by snapshot_date
order by snapshot_date
