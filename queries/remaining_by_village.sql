-- remaining_by_village: registered and not-yet-exited poor households and people per village.
-- Grain: one row per village-level unit (all units, also those with no poor household),
-- in village-code order.
-- Parameters: $snapshot_date (DATE).
-- Registered and not exited as household_facts applies them (docs/definitions.md).
-- Incidence (贫困发生率) is not-exited poor people over the unit's registered population.
with per_village as (
    select
        village_code,
        count(*) as households,
        sum(people) as people,
        count(*) filter (where is_not_exited) as not_exited_households,
        coalesce(sum(people) filter (where is_not_exited), 0) as not_exited_people
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
    units.groups_count,
    units.is_poor_village,
    coalesce(per_village.households, 0) as households,
    coalesce(per_village.people, 0) as people,
    coalesce(per_village.not_exited_households, 0) as not_exited_households,
    coalesce(per_village.not_exited_people, 0) as not_exited_people,
    coalesce(per_village.not_exited_people, 0) / nullif(units.population, 0) as incidence
from villages as units
left join per_village on per_village.village_code = units.village_code
where units.snapshot_date = $snapshot_date
order by units.village_code
