-- exits_by_village_year: households and people exited, per village-level unit and exit year.
-- Grain: one row per unit x exit year, for every unit of the snapshot and every year in which
-- anybody exited (zeros included, so a heatmap has no holes); units in code order.
-- Parameters: $snapshot_date (DATE).
-- Exits count households whose status is exited on the snapshot, as exits_by_year does.
with units as (
    select village_code, village_name
    from villages
    where snapshot_date = $snapshot_date
),

people as (
    select household_id, count(*) as people
    from members
    where snapshot_date = $snapshot_date
    group by household_id
),

exited as (
    select h.village_code, h.exit_year, coalesce(p.people, 0) as people
    from households as h
    left join people as p on p.household_id = h.household_id
    where h.snapshot_date = $snapshot_date
      and h.status = 'exited'
),

exit_years as (
    select distinct exit_year from exited
),

per_cell as (
    select village_code, exit_year, count(*) as households, cast(sum(people) as bigint) as people
    from exited
    group by village_code, exit_year
)

select
    u.village_code,
    u.village_name,
    y.exit_year,
    coalesce(c.households, 0) as households,
    coalesce(c.people, 0) as people
from units as u
cross join exit_years as y
left join per_cell as c on c.village_code = u.village_code and c.exit_year = y.exit_year
order by u.village_code, y.exit_year
