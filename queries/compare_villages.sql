-- compare_villages: per unit, the register on two snapshots and the flows between them.
-- Grain: one row per village-level unit on either snapshot, in code order.
-- Parameters: $from_date (DATE, the earlier snapshot), $to_date (DATE, the later one).
-- Registered = on the snapshot with a status other than removed; not exited = not_exited or
-- relapsed (未脱贫, as the report counts it). Flows as in compare_households.sql, each counted
-- in the household's village on $to_date (else $from_date); a household that moved counts
-- as moved_out of its old village and moved_in to its new one.
with people as (
    select snapshot_date, household_id, count(*) as people
    from members
    where snapshot_date in ($from_date, $to_date)
    group by snapshot_date, household_id
),

states as (
    select h.snapshot_date, h.household_id, h.village_code, h.status, coalesce(p.people, 0) as people
    from households as h
    left join people as p
        on p.snapshot_date = h.snapshot_date and p.household_id = h.household_id
    where h.snapshot_date in ($from_date, $to_date)
),

totals as (
    select
        village_code,
        count(*) filter (where snapshot_date = $from_date and status <> 'removed')
            as households_before,
        count(*) filter (where snapshot_date = $to_date and status <> 'removed')
            as households_after,
        coalesce(sum(people) filter (where snapshot_date = $from_date and status <> 'removed'), 0)
            as people_before,
        coalesce(sum(people) filter (where snapshot_date = $to_date and status <> 'removed'), 0)
            as people_after,
        count(*) filter (
            where snapshot_date = $from_date and status in ('not_exited', 'relapsed')
        ) as not_exited_before,
        count(*) filter (
            where snapshot_date = $to_date and status in ('not_exited', 'relapsed')
        ) as not_exited_after
    from states
    group by village_code
),

paired as (
    select
        coalesce(a.village_code, b.village_code) as village_code,
        b.village_code as village_code_before,
        b.status as status_before,
        a.status as status_after,
        a.household_id is not null and b.household_id is not null as on_both
    from (select * from states where snapshot_date = $to_date) as a
    full outer join (select * from states where snapshot_date = $from_date) as b
        on b.household_id = a.household_id
),

flows as (
    select
        village_code,
        count(*) filter (
            where coalesce(status_after <> 'removed', false)
              and not coalesce(status_before <> 'removed', false)
        ) as new_households,
        count(*) filter (
            where coalesce(status_after = 'exited', false)
              and coalesce(status_before, '') <> 'exited'
        ) as exits,
        count(*) filter (
            where coalesce(status_after = 'relapsed', false)
              and coalesce(status_before, '') <> 'relapsed'
        ) as relapses,
        count(*) filter (
            where coalesce(status_before <> 'removed', false)
              and not coalesce(status_after <> 'removed', false)
        ) as removals,
        count(*) filter (where on_both and village_code <> village_code_before) as moved_in
    from paired
    group by village_code
),

moved_out as (
    select village_code_before as village_code, count(*) as moved_out
    from paired
    where on_both and village_code <> village_code_before
    group by village_code_before
),

units as (
    select village_code, village_name
    from villages
    where snapshot_date = $to_date
    union
    select village_code, village_name
    from villages
    where snapshot_date = $from_date
      and village_code not in (select village_code from villages where snapshot_date = $to_date)
)

select
    u.village_code,
    u.village_name,
    coalesce(t.households_before, 0) as households_before,
    coalesce(t.households_after, 0) as households_after,
    cast(coalesce(t.people_before, 0) as bigint) as people_before,
    cast(coalesce(t.people_after, 0) as bigint) as people_after,
    coalesce(t.not_exited_before, 0) as not_exited_before,
    coalesce(t.not_exited_after, 0) as not_exited_after,
    coalesce(f.new_households, 0) as new_households,
    coalesce(f.exits, 0) as exits,
    coalesce(f.relapses, 0) as relapses,
    coalesce(f.removals, 0) as removals,
    coalesce(f.moved_in, 0) as moved_in,
    coalesce(m.moved_out, 0) as moved_out
from units as u
left join totals as t on t.village_code = u.village_code
left join flows as f on f.village_code = u.village_code
left join moved_out as m on m.village_code = u.village_code
order by u.village_code
