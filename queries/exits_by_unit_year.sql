-- exits_by_unit_year: exits_by_village_year one level up, for an area above a town (a county's
-- towns by exit year).
-- Grain: one row per unit = left(village_code, $unit_digits) x exit year, every unit of the
-- snapshot and every year in which anybody exited (zeros included); units in code order. The
-- columns are exits_by_village_year's (village_code holds the unit's code, village_name its name).
-- Parameters: $snapshot_date (DATE), $unit_digits (INTEGER: 9 towns, 6 counties, 4, 2).
-- Exits count exited households (household_facts.is_exited), as exits_by_year does.
with per_cell as (
    select
        left(village_code, $unit_digits) as unit_code,
        exit_year,
        count(*) as households,
        cast(sum(people) as bigint) as people
    from household_facts
    where snapshot_date = $snapshot_date
      and is_exited
    group by unit_code, exit_year
),

units as (
    select
        left(village_code, $unit_digits) as unit_code,
        any_value(
            case $unit_digits
                when 9 then town_name
                when 6 then county_name
                when 4 then prefecture_name
                when 2 then province_name
            end
        ) as unit_name
    from villages
    where snapshot_date = $snapshot_date
    group by unit_code
),

exit_years as (
    select distinct exit_year from per_cell
)

select
    units.unit_code as village_code,
    coalesce(units.unit_name, units.unit_code) as village_name,
    exit_years.exit_year,
    coalesce(per_cell.households, 0) as households,
    coalesce(per_cell.people, 0) as people
from units
cross join exit_years
left join per_cell
    on per_cell.unit_code = units.unit_code
   and per_cell.exit_year = exit_years.exit_year
order by units.unit_code, exit_years.exit_year
