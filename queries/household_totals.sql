-- household_totals: the headline counts of one snapshot.
-- Grain: one row.
-- Parameters: $snapshot_date (DATE).
-- Registered, exited, not exited (未脱贫: not_exited and relapsed together, as the township's
-- report counts them), relapsed and removed as docs/definitions.md defines them. Incidence
-- (贫困发生率) is not-exited poor people over the registered population of all units.
with population as (
    select coalesce(sum(population), 0) as rural_population
    from villages
    where snapshot_date = $snapshot_date
)

select
    count(*) filter (where is_registered) as registered_households,
    coalesce(sum(people) filter (where is_registered), 0) as registered_people,
    count(*) filter (where is_exited) as exited_households,
    coalesce(sum(people) filter (where is_exited), 0) as exited_people,
    count(*) filter (where is_not_exited) as not_exited_households,
    coalesce(sum(people) filter (where is_not_exited), 0) as not_exited_people,
    count(*) filter (where is_relapsed(status)) as relapsed_households,
    count(*) filter (where is_removed(status)) as removed_households,
    (select rural_population from population) as rural_population,
    coalesce(sum(people) filter (where is_not_exited), 0)
        / nullif((select rural_population from population), 0) as incidence
from household_facts
where snapshot_date = $snapshot_date
