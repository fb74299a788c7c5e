-- village_attention: what makes each village need attention, on one snapshot.
-- Grain: one row per village-level unit, in village-code order.
-- Not-exited counts and incidence are the staging view village_totals'.
-- Parameters: $snapshot_date (DATE).
-- unmet_households: registered households with 两不愁三保障 unmet: unsafe housing or water, a
-- member without medical insurance, or a child of compulsory-school age out of school (the
-- child_out_of_school definition, as household_facts counts it).
-- unvisited_households: not-exited households not visited recently by their own helper
-- (household_facts.is_visited_recently: the visited_recently definition, 90 days).
with per_village as (
    select
        village_code,
        count(*) filter (
            where not housing_safe
               or not drinking_water_safe
               or uninsured_members > 0
               or children_out_of_school > 0
        ) as unmet_households,
        count(*) filter (where is_not_exited and not is_visited_recently) as unvisited_households
    from household_facts
    where snapshot_date = $snapshot_date
      and is_registered
    group by village_code
)

select
    units.village_code,
    units.village_name,
    units.kind,
    units.population,
    units.not_exited_households,
    units.not_exited_people,
    units.incidence,
    coalesce(per_village.unmet_households, 0) as unmet_households,
    coalesce(per_village.unvisited_households, 0) as unvisited_households
from village_totals as units
left join per_village on per_village.village_code = units.village_code
where units.snapshot_date = $snapshot_date
order by units.village_code
