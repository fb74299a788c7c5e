-- unit_attention: village_attention one level up: what makes each town (or county …) of the
-- area need attention, for an area above a town (a county shows its towns).
-- Grain: one row per unit = left(village_code, $unit_digits), in code order; the columns are
-- village_attention's (village_code holds the unit's code, village_name its name) so the
-- attention ranking reads both.
-- Parameters: $snapshot_date (DATE), $unit_digits (INTEGER: 9 towns, 6 counties, 4, 2).
-- Counts and incidence add up the units' village_totals (incidence: not-exited people over the
-- registered population of all its villages); unmet and unvisited as village_attention counts.
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
),

villages_of_units as (
    select
        left(units.village_code, $unit_digits) as unit_code,
        case $unit_digits
            when 9 then units.town_name
            when 6 then units.county_name
            when 4 then units.prefecture_name
            when 2 then units.province_name
        end as unit_name,
        units.population,
        units.not_exited_households,
        units.not_exited_people,
        coalesce(per_village.unmet_households, 0) as unmet_households,
        coalesce(per_village.unvisited_households, 0) as unvisited_households
    from village_totals as units
    left join per_village on per_village.village_code = units.village_code
    where units.snapshot_date = $snapshot_date
)

select
    unit_code as village_code,
    coalesce(any_value(unit_name), unit_code) as village_name,
    'unit' as kind,
    cast(sum(population) as bigint) as population,
    cast(sum(not_exited_households) as bigint) as not_exited_households,
    cast(sum(not_exited_people) as bigint) as not_exited_people,
    sum(not_exited_people) / nullif(sum(population), 0) as incidence,
    cast(sum(unmet_households) as bigint) as unmet_households,
    cast(sum(unvisited_households) as bigint) as unvisited_households
from villages_of_units
group by unit_code
order by unit_code
