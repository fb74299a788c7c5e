-- household_totals: the headline counts of one snapshot.
-- Grain: one row.
-- Parameters: $snapshot_date (DATE).
-- "Registered" leaves out households marked removed (清退); "not exited" (未脱贫) counts
-- not_exited and relapsed together, as the township's report does. Incidence (贫困发生率)
-- is not-exited poor people over the registered population of all units.
with households_on_date as (
    select household_id, status
    from households
    where snapshot_date = $snapshot_date
),

members_on_date as (
    select household_id, count(*) as people
    from members
    where snapshot_date = $snapshot_date
    group by household_id
),

population as (
    select coalesce(sum(population), 0) as rural_population
    from villages
    where snapshot_date = $snapshot_date
),

household_people as (
    select h.household_id, h.status, coalesce(m.people, 0) as people
    from households_on_date as h
    left join members_on_date as m on m.household_id = h.household_id
)

select
    count(*) filter (where status <> 'removed') as registered_households,
    coalesce(sum(people) filter (where status <> 'removed'), 0) as registered_people,
    count(*) filter (where status = 'exited') as exited_households,
    coalesce(sum(people) filter (where status = 'exited'), 0) as exited_people,
    count(*) filter (where status in ('not_exited', 'relapsed')) as not_exited_households,
    coalesce(sum(people) filter (where status in ('not_exited', 'relapsed')), 0) as not_exited_people,
    count(*) filter (where status = 'relapsed') as relapsed_households,
    count(*) filter (where status = 'removed') as removed_households,
    (select rural_population from population) as rural_population,
    coalesce(sum(people) filter (where status in ('not_exited', 'relapsed')), 0)
        / nullif((select rural_population from population), 0) as incidence
from household_people
