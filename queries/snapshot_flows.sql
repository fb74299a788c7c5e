-- snapshot_flows: what changed in the register between each snapshot and the one before it.
-- Grain: one row per pair of consecutive snapshots (previous_date, snapshot_date), oldest first;
-- no row when there is a single snapshot.
-- Parameters: none.
-- The flows are the register_flows definition (docs/definitions.md):
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

states as (
    select snapshot_date, household_id, status, people
    from household_facts
),

now_states as (
    select pairs.previous_date, pairs.snapshot_date, states.household_id, states.status, states.people
    from pairs
    inner join states on states.snapshot_date = pairs.snapshot_date
    where pairs.previous_date is not null
),

before_states as (
    select pairs.previous_date, pairs.snapshot_date, states.household_id, states.status, states.people
    from pairs
    inner join states on states.snapshot_date = pairs.previous_date
),

changes as (
    select
        coalesce(now_states.previous_date, before_states.previous_date) as previous_date,
        coalesce(now_states.snapshot_date, before_states.snapshot_date) as snapshot_date,
        before_states.status as status_before,
        now_states.status as status_now,
        before_states.people as people_before,
        now_states.people as people_now
    from now_states
    full outer join before_states
        on before_states.snapshot_date = now_states.snapshot_date
       and before_states.household_id = now_states.household_id
),

flags as (
    select
        previous_date,
        snapshot_date,
        people_before,
        people_now,
        became_registered(status_before, status_now) as is_new,
        became_exited(status_before, status_now) as is_exit,
        became_relapsed(status_before, status_now) as is_relapse,
        left_register(status_before, status_now) as is_removal
    from changes
)

select
    pairs.previous_date,
    pairs.snapshot_date,
    count(*) filter (where flags.is_new) as new_households,
    cast(coalesce(sum(flags.people_now) filter (where flags.is_new), 0) as bigint) as new_people,
    count(*) filter (where flags.is_exit) as exits_households,
    cast(coalesce(sum(flags.people_now) filter (where flags.is_exit), 0) as bigint) as exits_people,
    count(*) filter (where flags.is_relapse) as relapses_households,
    cast(coalesce(sum(flags.people_now) filter (where flags.is_relapse), 0) as bigint)
        as relapses_people,
    count(*) filter (where flags.is_removal) as removals_households,
    cast(coalesce(sum(flags.people_before) filter (where flags.is_removal), 0) as bigint)
        as removals_people
from pairs
left join flags
    on flags.previous_date = pairs.previous_date and flags.snapshot_date = pairs.snapshot_date
where pairs.previous_date is not null
group by pairs.previous_date, pairs.snapshot_date
order by pairs.snapshot_date
