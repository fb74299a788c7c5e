-- village_measures: the five map measures of every unit, and the headline numbers of its profile.
-- Grain: one row per village-level unit (every unit, also those with no poor household),
-- in village-code order.
-- Parameters: $snapshot_date (DATE).
-- Measures (the unit's counts and incidence are the staging view village_totals'; visited
-- recently as household_facts applies it; docs/definitions.md):
--   not_exited_households  未脱贫户: not exited (not_exited or relapsed, as household_totals).
--   incidence              贫困发生率: not-exited poor people / the unit's registered population.
--   exited_share           脱贫户占比: exited households / registered households.
--   yuan_per_household     户均到户资金: every payment to the unit's households paid on or before
--                          the snapshot date (removed households' too: the money was spent)
--                          / registered households.
--   visit_coverage         走访覆盖率: not-exited households visited recently by their own
--                          helper / not-exited households (NULL when there are none).
with visited as (
    select village_code, count(*) as visited_households
    from household_facts
    where snapshot_date = $snapshot_date
      and is_not_exited
      and is_visited_recently
    group by village_code
),

received as (
    select village_code, sum(amount_yuan) as yuan_received
    from payments_received_by($snapshot_date)
    group by village_code
),

measures as (
    select
        units.village_code,
        units.village_name,
        units.kind,
        units.population,
        units.households,
        units.people,
        units.exited_households,
        units.not_exited_households,
        units.not_exited_people,
        units.incidence,
        coalesce(visited.visited_households, 0) as visited_households,
        coalesce(received.yuan_received, 0) as yuan_received
    from village_totals as units
    left join visited on visited.village_code = units.village_code
    left join received on received.village_code = units.village_code
    where units.snapshot_date = $snapshot_date
)

select
    village_code,
    village_name,
    kind,
    population,
    households,
    people,
    exited_households,
    not_exited_households,
    not_exited_people,
    visited_households,
    yuan_received,
    cast(incidence as double) as incidence,
    exited_households::double / nullif(households, 0) as exited_share,
    yuan_received::double / nullif(households, 0) as yuan_per_household,
    visited_households::double / nullif(not_exited_households, 0) as visit_coverage
from measures
order by village_code
