-- snapshot_totals: the register's totals at every snapshot, for the half-year series.
-- Grain: one row per snapshot date, oldest first.
-- Parameters: none.
with people as (
    select snapshot_date, household_id, count(*) as people
    from members
    group by snapshot_date, household_id
),

household_people as (
    select h.snapshot_date, h.status, coalesce(p.people, 0) as people
    from households as h
    left join people as p
        on p.snapshot_date = h.snapshot_date and p.household_id = h.household_id
)

select
    snapshot_date,
    count(*) filter (where status <> 'removed') as registered_households,
    coalesce(sum(people) filter (where status <> 'removed'), 0) as registered_people,
    count(*) filter (where status = 'exited') as exited_households,
    coalesce(sum(people) filter (where status = 'exited'), 0) as exited_people,
    count(*) filter (where status in ('not_exited', 'relapsed')) as not_exited_households,
    coalesce(sum(people) filter (where status in ('not_exited', 'relapsed')), 0) as not_exited_people,
    count(*) filter (where status = 'relapsed') as relapsed_households,
    count(*) filter (where status = 'removed') as removed_households
from household_people
group by snapshot_date
order by snapshot_date
