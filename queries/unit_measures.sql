-- unit_measures: the map's five measures of every unit one level down from an area.
-- Grain: one row per unit, the first $digits digits of its villages' codes (9: towns,
-- 6: counties, 4: prefectures, 2: provinces, 12: villages), for the villages whose code starts
-- with $area ('' the whole data directory), in code order.
-- Parameters: $snapshot_date (DATE), $area (VARCHAR, a code prefix), $digits (INTEGER).
-- Measures as in village_measures.sql, summed over the unit's villages before dividing:
--   not_exited_households, incidence (not-exited people / the villages' population),
--   exited_share, yuan_per_household, visit_coverage (village_totals, household_facts;
--   docs/definitions.md). unit_name is the level's name column of village_areas.
with in_area as (
    select
        units.*,
        left(units.village_code, $digits) as unit_code,
        case $digits
            when 2 then areas.province_name
            when 4 then areas.prefecture_name
            when 6 then areas.county_name
            when 9 then areas.town_name
            else units.village_name
        end as level_name
    from village_totals as units
    inner join village_areas as areas
        on areas.snapshot_date = units.snapshot_date
        and areas.village_code = units.village_code
    where units.snapshot_date = $snapshot_date
      and starts_with(units.village_code, $area)
),

visited as (
    select left(village_code, $digits) as unit_code, count(*) as visited_households
    from household_facts
    where snapshot_date = $snapshot_date
      and starts_with(village_code, $area)
      and is_not_exited
      and is_visited_recently
    group by unit_code
),

received as (
    select left(village_code, $digits) as unit_code, sum(amount_yuan) as yuan_received
    from payments_received_by($snapshot_date)
    where starts_with(village_code, $area)
    group by unit_code
),

units as (
    select
        unit_code,
        min(level_name) as unit_name,
        count(*) as villages,
        sum(population) as population,
        sum(households) as households,
        sum(people) as people,
        sum(exited_households) as exited_households,
        sum(not_exited_households) as not_exited_households,
        sum(not_exited_people) as not_exited_people
    from in_area
    group by unit_code
)

select
    units.unit_code,
    units.unit_name,
    units.villages,
    units.population,
    units.households,
    units.people,
    units.exited_households,
    units.not_exited_households,
    units.not_exited_people,
    coalesce(visited.visited_households, 0) as visited_households,
    coalesce(received.yuan_received, 0) as yuan_received,
    units.not_exited_people::double / nullif(units.population, 0) as incidence,
    units.exited_households::double / nullif(units.households, 0) as exited_share,
    coalesce(received.yuan_received, 0)::double / nullif(units.households, 0) as yuan_per_household,
    coalesce(visited.visited_households, 0)::double
        / nullif(units.not_exited_households, 0) as visit_coverage
from units
left join visited on visited.unit_code = units.unit_code
left join received on received.unit_code = units.unit_code
order by units.unit_code
