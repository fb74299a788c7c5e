-- compare_villages: per unit, the register on two snapshots and the flows between them.
-- Grain: one row per unit (a village, or the next level down above a town: a county's towns)
-- on either snapshot, in code order; village_code holds the unit's code.
-- Parameters: $from_date (DATE, the earlier snapshot), $to_date (DATE, the later one),
-- $unit_digits (INTEGER: 12 villages, the default; 9 towns, 6 counties, 4 prefectures).
-- Registered, not exited and the flows (register_flows) as docs/definitions.md defines them;
-- each flow is counted in the household's unit on $to_date (else $from_date); a household
-- that moved to another unit counts as moved_out of its old one and moved_in to its new one
-- (a move between two villages of one town is no move of the town's).
-- Each snapshot is read on its own: DuckDB pushes `snapshot_date = $x` into household_facts,
-- not `in ($a, $b)`.
with states as (
    select
        snapshot_date, household_id, left(village_code, $unit_digits) as village_code, status,
        is_registered, is_not_exited, people
    from household_facts
    where snapshot_date = $from_date
    union all
    select
        snapshot_date, household_id, left(village_code, $unit_digits) as village_code, status,
        is_registered, is_not_exited, people
    from household_facts
    where snapshot_date = $to_date
),

totals as (
    select
        village_code,
        count(*) filter (where snapshot_date = $from_date and is_registered) as households_before,
        count(*) filter (where snapshot_date = $to_date and is_registered) as households_after,
        coalesce(sum(people) filter (where snapshot_date = $from_date and is_registered), 0)
            as people_before,
        coalesce(sum(people) filter (where snapshot_date = $to_date and is_registered), 0)
            as people_after,
        count(*) filter (where snapshot_date = $from_date and is_not_exited) as not_exited_before,
        count(*) filter (where snapshot_date = $to_date and is_not_exited) as not_exited_after
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
        count(*) filter (where became_registered(status_before, status_after)) as new_households,
        count(*) filter (where became_exited(status_before, status_after)) as exits,
        count(*) filter (where became_relapsed(status_before, status_after)) as relapses,
        count(*) filter (where left_register(status_before, status_after)) as removals,
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
    select unit_code as village_code, unit_name as village_name
    from unit_names($to_date, $unit_digits)
    union
    select unit_code, unit_name
    from unit_names($from_date, $unit_digits)
    where unit_code not in (select unit_code from village_units($to_date, $unit_digits))
)

select
    units.village_code,
    units.village_name,
    coalesce(totals.households_before, 0) as households_before,
    coalesce(totals.households_after, 0) as households_after,
    cast(coalesce(totals.people_before, 0) as bigint) as people_before,
    cast(coalesce(totals.people_after, 0) as bigint) as people_after,
    coalesce(totals.not_exited_before, 0) as not_exited_before,
    coalesce(totals.not_exited_after, 0) as not_exited_after,
    coalesce(flows.new_households, 0) as new_households,
    coalesce(flows.exits, 0) as exits,
    coalesce(flows.relapses, 0) as relapses,
    coalesce(flows.removals, 0) as removals,
    coalesce(flows.moved_in, 0) as moved_in,
    coalesce(moved_out.moved_out, 0) as moved_out
from units
left join totals on totals.village_code = units.village_code
left join flows on flows.village_code = units.village_code
left join moved_out on moved_out.village_code = units.village_code
order by units.village_code
