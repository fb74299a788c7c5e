-- exits_by_village_year: households and people exited, per unit and exit year: per village on
-- a town's pages, per town on a county's (the next level down, the village_units macro).
-- Grain: one row per unit = left(village_code, $unit_digits) x exit year, for every unit of the
-- snapshot and every year in which anybody exited (zeros included, so a heatmap has no holes);
-- units in code order. village_code holds the unit's code, village_name its name.
-- Parameters: $snapshot_date (DATE), $unit_digits (INTEGER: 12 villages, the default; 9, 6, 4, 2).
-- Exits count exited households (household_facts.is_exited), as exits_by_year does.
with units as (
    select * from village_units($snapshot_date, $unit_digits)
),

per_cell as (
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

named as (
    select unit_code, coalesce(any_value(unit_name), unit_code) as unit_name
    from units
    group by unit_code
),

exit_years as (
    select distinct exit_year from per_cell
)

select
    named.unit_code as village_code,
    named.unit_name as village_name,
    exit_years.exit_year,
    coalesce(per_cell.households, 0) as households,
    coalesce(per_cell.people, 0) as people
from named
cross join exit_years
left join per_cell
    on per_cell.unit_code = named.unit_code
   and per_cell.exit_year = exit_years.exit_year
order by named.unit_code, exit_years.exit_year
