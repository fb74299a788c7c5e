-- exits_by_village_year: households and people exited, per village-level unit and exit year.
-- Grain: one row per unit x exit year, for every unit of the snapshot and every year in which
-- anybody exited (zeros included, so a heatmap has no holes); units in code order.
-- Parameters: $snapshot_date (DATE).
-- Exits count exited households (household_facts.is_exited), as exits_by_year does.
with per_cell as (
    select village_code, exit_year, count(*) as households, cast(sum(people) as bigint) as people
    from household_facts
    where snapshot_date = $snapshot_date
      and is_exited
    group by village_code, exit_year
),

exit_years as (
    select distinct exit_year from per_cell
)

select
    units.village_code,
    units.village_name,
    exit_years.exit_year,
    coalesce(per_cell.households, 0) as households,
    coalesce(per_cell.people, 0) as people
from villages as units
cross join exit_years
left join per_cell
    on per_cell.village_code = units.village_code
   and per_cell.exit_year = exit_years.exit_year
where units.snapshot_date = $snapshot_date
order by units.village_code, exit_years.exit_year
