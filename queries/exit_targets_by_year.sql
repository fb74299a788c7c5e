-- exit_targets_by_year: the area's exit target (脱贫计划) against the actual exits, per year.
-- Grain: one row per year that has a target or exits, oldest first.
-- Targets are area_targets' (the area's own row, else the sum of its children's).
-- Parameters: $snapshot_date (DATE).
-- Actual = households exited in that year as the snapshot records them (is_exited).
-- Planned = households not yet exited (is_not_exited: not_exited or relapsed) whose planned exit year is that
-- year: for the snapshot's own year and later it is the plan still to do; for an earlier year
-- it is a plan that was missed. is_current_year marks the snapshot's year.
with town_targets as (
    select year, households, people
    from area_targets
    where snapshot_date = $snapshot_date
),

household_people as (
    select is_exited, is_not_exited, exit_year, planned_exit_year, people
    from household_facts
    where snapshot_date = $snapshot_date
),

exits as (
    select exit_year as year, count(*) as households, cast(sum(people) as bigint) as people
    from household_people
    where is_exited
    group by exit_year
),

planned as (
    select planned_exit_year as year, count(*) as households, cast(sum(people) as bigint) as people
    from household_people
    where is_not_exited
      and planned_exit_year is not null
    group by planned_exit_year
),

years as (
    select year from town_targets
    union
    select year from exits
)

select
    years.year,
    town_targets.households as target_households,
    town_targets.people as target_people,
    coalesce(exits.households, 0) as exited_households,
    coalesce(exits.people, 0) as exited_people,
    coalesce(planned.households, 0) as planned_households,
    coalesce(planned.people, 0) as planned_people,
    years.year = year(cast($snapshot_date as date)) as is_current_year
from years
left join town_targets on town_targets.year = years.year
left join exits on exits.year = years.year
left join planned on planned.year = years.year
order by years.year
