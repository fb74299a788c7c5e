-- snapshot_flows: what changed in the register between each snapshot and the one before it.
-- Grain: one row per pair of consecutive snapshots (previous_date, snapshot_date), oldest first;
-- no row when there is a single snapshot.
-- Parameters: none.
-- A household is "registered" on a snapshot when it is there with a status other than removed.
--   new_*       registered now, not registered before (newly identified, 新识别)
--   exits_*     exited now, and not exited before (or not there before)
--   relapses_*  relapsed now (返贫), and not relapsed before
--   removals_*  registered before, and now marked removed or gone (清退 / 自然减少)
-- People are the household's members on the snapshot where it was last registered.
with snapshot_dates as (
    select distinct snapshot_date from households
),

pairs as (
    select
        lag(snapshot_date) over (order by snapshot_date) as previous_date,
        snapshot_date
    from snapshot_dates
),

people as (
    select snapshot_date, household_id, count(*) as people
    from members
    group by snapshot_date, household_id
),

states as (
    select h.snapshot_date, h.household_id, h.status, coalesce(p.people, 0) as people
    from households as h
    left join people as p
        on p.snapshot_date = h.snapshot_date and p.household_id = h.household_id
),

now_states as (
    select pr.previous_date, pr.snapshot_date, s.household_id, s.status, s.people
    from pairs as pr
    inner join states as s on s.snapshot_date = pr.snapshot_date
    where pr.previous_date is not null
),

before_states as (
    select pr.previous_date, pr.snapshot_date, s.household_id, s.status, s.people
    from pairs as pr
    inner join states as s on s.snapshot_date = pr.previous_date
),

changes as (
    select
        coalesce(n.previous_date, b.previous_date) as previous_date,
        coalesce(n.snapshot_date, b.snapshot_date) as snapshot_date,
        b.status as status_before,
        n.status as status_now,
        b.people as people_before,
        n.people as people_now
    from now_states as n
    full outer join before_states as b
        on b.snapshot_date = n.snapshot_date and b.household_id = n.household_id
),

flags as (
    select
        previous_date,
        snapshot_date,
        people_before,
        people_now,
        coalesce(status_now <> 'removed', false)
            and not coalesce(status_before <> 'removed', false) as is_new,
        coalesce(status_now = 'exited', false)
            and coalesce(status_before, '') <> 'exited' as is_exit,
        coalesce(status_now = 'relapsed', false)
            and coalesce(status_before, '') <> 'relapsed' as is_relapse,
        coalesce(status_before <> 'removed', false)
            and not coalesce(status_now <> 'removed', false) as is_removal
    from changes
)

select
    pr.previous_date,
    pr.snapshot_date,
    count(*) filter (where f.is_new) as new_households,
    cast(coalesce(sum(f.people_now) filter (where f.is_new), 0) as bigint) as new_people,
    count(*) filter (where f.is_exit) as exits_households,
    cast(coalesce(sum(f.people_now) filter (where f.is_exit), 0) as bigint) as exits_people,
    count(*) filter (where f.is_relapse) as relapses_households,
    cast(coalesce(sum(f.people_now) filter (where f.is_relapse), 0) as bigint) as relapses_people,
    count(*) filter (where f.is_removal) as removals_households,
    cast(coalesce(sum(f.people_before) filter (where f.is_removal), 0) as bigint) as removals_people
from pairs as pr
left join flags as f
    on f.previous_date = pr.previous_date and f.snapshot_date = pr.snapshot_date
where pr.previous_date is not null
group by pr.previous_date, pr.snapshot_date
order by pr.snapshot_date
