-- exits_by_year: households and people that have exited poverty, by the year they exited.
-- Grain: one row per exit year (脱贫年度), oldest first.
-- Parameters: $snapshot_date (DATE).
-- Counts households whose status is exited on the snapshot; relapsed households (返贫) keep
-- their exit year in the register but are not counted here, as the report counts them.
with exited as (
    select household_id, exit_year
    from households
    where snapshot_date = $snapshot_date
      and status = 'exited'
),

people as (
    select household_id, count(*) as people
    from members
    where snapshot_date = $snapshot_date
    group by household_id
)

select
    e.exit_year,
    count(*) as households,
    coalesce(sum(p.people), 0) as people
from exited as e
left join people as p on p.household_id = e.household_id
group by e.exit_year
order by e.exit_year
