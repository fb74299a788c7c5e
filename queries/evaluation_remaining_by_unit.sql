-- evaluation_remaining_by_unit: registered and not-yet-exited households and people, per unit
-- (a village, or the next level down above a town: a county's towns) for the whole area, or per
-- villager group (村民组) for one village.
-- Grain: one row per unit (area: every unit of the snapshot, also those without a poor
-- household; village: every group that holds a registered household), in code / name order.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR, NULL for the whole area),
-- $unit_digits (INTEGER: 12 villages, the default; 9 towns, 6 counties, 4 prefectures).
-- A unit above the village is named from the villages table's columns of its level (NULL when
-- the file has none: the caller fills it from the table of divisions) and its population is
-- its villages' together.
with registered as (
    select
        case when $village_code::varchar is null then left(village_code, $unit_digits)
            else group_name end as unit_code,
        is_not_exited,
        people
    from evaluated_households($snapshot_date, $village_code)
    where is_registered
),

units as (
    select
        unit.unit_code,
        coalesce(any_value(unit.unit_name), unit.unit_code) as unit_name,
        cast(sum(village.population) as integer) as population
    from village_units($snapshot_date, $unit_digits) as unit
    inner join villages as village
        on village.snapshot_date = $snapshot_date and village.village_code = unit.village_code
    where $village_code::varchar is null
    group by unit.unit_code
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
-- A village's households without a 村民组 (NULL: the source did not carry the groups) are one
-- unit whose code is NULL: matched as such, so they are counted, not dropped.
left join per_unit on per_unit.unit_code is not distinct from units.unit_code
order by units.unit_code
