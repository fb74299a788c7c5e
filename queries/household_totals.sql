-- household_totals: the headline counts of one snapshot.
-- Grain: one row.
-- Parameters: $snapshot_date (DATE).
-- Registered, exited, not exited (未脱贫: not_exited and relapsed together, as the township's
-- report counts them), relapsed and removed as docs/definitions.md defines them. Incidence
-- (贫困发生率) is not-exited poor people over the registered population of all units. The counts
-- are the table macro register_counts (snapshot_totals reads it for every snapshot).
with population as (
    select coalesce(sum(population), 0) as rural_population
    from villages
    where snapshot_date = $snapshot_date
)

select
    counts.*,
    (select rural_population from population) as rural_population,
    counts.not_exited_people / nullif((select rural_population from population), 0) as incidence
from register_counts($snapshot_date) as counts
