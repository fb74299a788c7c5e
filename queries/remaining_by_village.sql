-- remaining_by_village: registered and not-yet-exited poor households and people per village.
-- Grain: one row per village-level unit (all units, also those with no poor household),
-- in village-code order.
-- Parameters: $snapshot_date (DATE).
-- Incidence (贫困发生率) is not-exited poor people over the unit's registered population.
with units as (
    select village_code, village_name, kind, population, groups_count, is_poor_village
    from villages
    where snapshot_date = $snapshot_date
),

people as (
    select household_id, count(*) as people
    from members
    where snapshot_date = $snapshot_date
    group by household_id
),

households_with_people as (
    select h.village_code, h.status, coalesce(p.people, 0) as people
    from households as h
    left join people as p on p.household_id = h.household_id
    where h.snapshot_date = $snapshot_date
      and h.status <> 'removed'
),

per_village as (
    select
        village_code,
        count(*) as households,
        sum(people) as people,
        count(*) filter (where status in ('not_exited', 'relapsed')) as not_exited_households,
        coalesce(sum(people) filter (where status in ('not_exited', 'relapsed')), 0)
            as not_exited_people
    from households_with_people
    group by village_code
)

select
    u.village_code,
    u.village_name,
    u.kind,
    u.population,
    u.groups_count,
    u.is_poor_village,
    coalesce(v.households, 0) as households,
    coalesce(v.people, 0) as people,
    coalesce(v.not_exited_households, 0) as not_exited_households,
    coalesce(v.not_exited_people, 0) as not_exited_people,
    coalesce(v.not_exited_people, 0) / nullif(u.population, 0) as incidence
from units as u
left join per_village as v on v.village_code = u.village_code
order by u.village_code
