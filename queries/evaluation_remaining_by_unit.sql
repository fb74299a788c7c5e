-- evaluation_remaining_by_unit: registered and not-yet-exited households and people, per
-- village-level unit for the town, or per villager group (村民组) for one village.
-- Grain: one row per unit (town: every unit of the snapshot, also those without a poor
-- household; village: every group that holds a registered household), in code / name order.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR, NULL for the whole town).
with people as (
    select household_id, count(*) as people
    from members
    where snapshot_date = $snapshot_date
    group by household_id
),

registered as (
    select
        case when $village_code::varchar is null then h.village_code else h.group_name end
            as unit_code,
        h.status,
        coalesce(p.people, 0) as people
    from households as h
    left join people as p on p.household_id = h.household_id
    where h.snapshot_date = $snapshot_date
      and h.status <> 'removed'
      and ($village_code::varchar is null or h.village_code = $village_code::varchar)
),

units as (
    select village_code as unit_code, village_name as unit_name, population
    from villages
    where snapshot_date = $snapshot_date
      and $village_code::varchar is null
    union all
    select distinct unit_code, unit_code as unit_name, null::integer as population
    from registered
    where $village_code::varchar is not null
),

per_unit as (
    select
        unit_code,
        count(*) as households,
        cast(sum(people) as bigint) as people,
        count(*) filter (where status in ('not_exited', 'relapsed')) as not_exited_households,
        cast(coalesce(sum(people) filter (where status in ('not_exited', 'relapsed')), 0)
            as bigint) as not_exited_people
    from registered
    group by unit_code
)

select
    u.unit_code,
    u.unit_name,
    u.population,
    coalesce(p.households, 0) as households,
    coalesce(p.people, 0) as people,
    coalesce(p.not_exited_households, 0) as not_exited_households,
    coalesce(p.not_exited_people, 0) as not_exited_people
from units as u
left join per_unit as p on p.unit_code = u.unit_code
order by u.unit_code
