-- exit_progress_by_year: exits per year, the cumulative exited and the remaining at each year end.
-- Grain: one row per year, from the first year a household was identified or exited up to the
-- snapshot's year (years without exits included, with zeros), oldest first.
-- Parameters: $snapshot_date (DATE).
-- Everything is as the chosen snapshot records it: "registered" leaves out removed households
-- (清退), exits count households whose status is exited (relapsed ones, 返贫, are not counted,
-- as the report counts them), and remaining = registered minus cumulative exited.
with household_people as (
    select household_id, is_exited, exit_year, identified_year, people
    from household_facts
    where snapshot_date = $snapshot_date
      and is_registered
),

registered as (
    select count(*) as households, cast(coalesce(sum(people), 0) as bigint) as people
    from household_people
),

year_span as (
    select
        min(least(identified_year, coalesce(exit_year, identified_year))) as first_year,
        greatest(
            year(cast($snapshot_date as date)), max(coalesce(exit_year, identified_year))
        ) as last_year
    from household_people
),

years as (
    select unnest(generate_series(year_span.first_year, year_span.last_year)) as exit_year
    from year_span
    where year_span.first_year is not null
),

exits as (
    select exit_year, count(*) as households, cast(sum(people) as bigint) as people
    from household_people
    where is_exited
    group by exit_year
),

per_year as (
    select
        years.exit_year,
        coalesce(exits.households, 0) as exited_households,
        coalesce(exits.people, 0) as exited_people
    from years
    left join exits on exits.exit_year = years.exit_year
),

cumulative as (
    select
        exit_year,
        exited_households,
        exited_people,
        sum(exited_households) over (order by exit_year) as cumulative_households,
        sum(exited_people) over (order by exit_year) as cumulative_people
    from per_year
)

select
    cumulative.exit_year,
    cumulative.exited_households,
    cumulative.exited_people,
    cast(cumulative.cumulative_households as bigint) as cumulative_households,
    cast(cumulative.cumulative_people as bigint) as cumulative_people,
    cast(registered.households - cumulative.cumulative_households as bigint)
        as remaining_households,
    cast(registered.people - cumulative.cumulative_people as bigint) as remaining_people
from cumulative
cross join registered
order by cumulative.exit_year
