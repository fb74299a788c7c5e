-- evaluation_remaining_by_unit: registered and not-yet-exited households and people, per
-- village-level unit for the town, or per villager group (村民组) for one village.
-- Grain: one row per unit (town: every unit of the snapshot, also those without a poor
-- household; village: every group that holds a registered household), in code / name order.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR, NULL for the whole town).
with registered as (
    select
        case when $village_code::varchar is null then village_code else group_name end
            as unit_code,
        is_not_exited,
        people
    from household_facts
    where snapshot_date = $snapshot_date
      and is_registered
      and ($village_code::varchar is null or village_code = $village_code::varchar)
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
        count(*) filter (where is_not_exited) as not_exited_households,
        cast(coalesce(sum(people) filter (where is_not_exited), 0) as bigint)
            as not_exited_people
    from registered
    group by unit_code
)

select
    units.unit_code,
    units.unit_name,
    units.population,
    coalesce(per_unit.households, 0) as households,
    coalesce(per_unit.people, 0) as people,
    coalesce(per_unit.not_exited_households, 0) as not_exited_households,
    coalesce(per_unit.not_exited_people, 0) as not_exited_people
from units
left join per_unit on per_unit.unit_code = units.unit_code
order by units.unit_code
