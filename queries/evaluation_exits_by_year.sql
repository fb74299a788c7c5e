-- evaluation_exits_by_year: exits per year against that year's exit target, for the town or a
-- village.
-- Grain: one row per year up to the snapshot's year that has exits or a target, oldest first.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR, NULL for the whole town).
-- Exits count households whose status is exited on the snapshot (relapsed ones are not
-- counted, as the report counts them). Targets are the town-level rows of `targets` for the
-- town, the village's own rows for a village.
with exits as (
    select exit_year as year, count(*) as households, cast(sum(people) as bigint) as people
    from evaluated_households($snapshot_date, $village_code)
    where is_exited
    group by exit_year
),

scope_targets as (
    select year, max(households) as households, max(people) as people
    from targets
    where snapshot_date = $snapshot_date
      and (
          ($village_code::varchar is null and village_code is null)
          or village_code = $village_code::varchar
      )
    group by year
),

years as (
    select year from exits
    union
    select year from scope_targets
)

select
    years.year,
    coalesce(exits.households, 0) as exited_households,
    coalesce(exits.people, 0) as exited_people,
    scope_targets.households as target_households,
    scope_targets.people as target_people
from years
left join exits on exits.year = years.year
left join scope_targets on scope_targets.year = years.year
where years.year <= year(cast($snapshot_date as date))
order by years.year
