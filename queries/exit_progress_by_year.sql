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
    select unnest(generate_series(s.first_year, s.last_year)) as exit_year
    from year_span as s
    where s.first_year is not null
),

exits as (
    select exit_year, count(*) as households, cast(sum(people) as bigint) as people
    from household_people
    where is_exited
    group by exit_year
),

per_year as (
    select
        y.exit_year,
        coalesce(e.households, 0) as exited_households,
        coalesce(e.people, 0) as exited_people
    from years as y
    left join exits as e on e.exit_year = y.exit_year
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
    c.exit_year,
    c.exited_households,
    c.exited_people,
    cast(c.cumulative_households as bigint) as cumulative_households,
    cast(c.cumulative_people as bigint) as cumulative_people,
    cast(r.households - c.cumulative_households as bigint) as remaining_households,
    cast(r.people - c.cumulative_people as bigint) as remaining_people
from cumulative as c
cross join registered as r
order by c.exit_year
