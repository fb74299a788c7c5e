-- compare_households: every household that changed between two snapshots, and how.
-- Grain: one row per household on either snapshot with at least one change, by village code
-- (on $to_date, else $from_date) then household number.
-- Parameters: $from_date (DATE, the earlier snapshot), $to_date (DATE, the later one).
-- Definitions follow snapshot_flows.sql: a household is "registered" on a snapshot when it
-- is there with a status other than removed.
--   is_new      registered on $to_date, not registered on $from_date (newly identified, 新识别)
--   is_exit     exited on $to_date, not exited on $from_date (or not there)
--   is_relapse  relapsed on $to_date (返贫), not relapsed on $from_date
--   is_removal  registered on $from_date, marked removed or gone on $to_date (清退 / 自然减少)
--   is_moved    on both, in another village on $to_date
--   *_changed   on both, the attribute, main cause, income per capita or helper differs
-- Personal data is masked here: the head's name as its first character and two asterisks,
-- helpers' names likewise; no ID number is selected.
with people as (
    select snapshot_date, household_id, count(*) as people
    from members
    where snapshot_date in ($from_date, $to_date)
    group by snapshot_date, household_id
),

heads as (
    select snapshot_date, household_id, any_value(mask_name(name)) as head_name
    from members
    where snapshot_date in ($from_date, $to_date)
      and relation = 'head'
    group by snapshot_date, household_id
),

states as (
    select
        h.snapshot_date,
        h.household_id,
        h.village_code,
        v.village_name,
        h.group_name,
        h.status,
        h.exit_year,
        h.attribute,
        h.main_cause,
        h.income_per_capita,
        h.income_year,
        h.helper_id,
        mask_name(hl.name) as helper_name,
        hd.head_name,
        coalesce(p.people, 0) as people
    from households as h
    left join villages as v
        on v.snapshot_date = h.snapshot_date and v.village_code = h.village_code
    left join helpers as hl
        on hl.snapshot_date = h.snapshot_date and hl.helper_id = h.helper_id
    left join heads as hd
        on hd.snapshot_date = h.snapshot_date and hd.household_id = h.household_id
    left join people as p
        on p.snapshot_date = h.snapshot_date and p.household_id = h.household_id
    where h.snapshot_date in ($from_date, $to_date)
),

before as (
    select * from states where snapshot_date = $from_date
),

after as (
    select * from states where snapshot_date = $to_date
),

paired as (
    select
        coalesce(a.household_id, b.household_id) as household_id,
        coalesce(a.village_code, b.village_code) as village_code,
        coalesce(a.village_name, b.village_name) as village_name,
        coalesce(a.group_name, b.group_name) as group_name,
        coalesce(a.head_name, b.head_name) as head_name,
        b.village_code as village_code_before,
        b.village_name as village_name_before,
        b.status as status_before,
        a.status as status_after,
        a.exit_year as exit_year,
        b.attribute as attribute_before,
        a.attribute as attribute_after,
        b.main_cause as cause_before,
        a.main_cause as cause_after,
        b.income_per_capita as income_before,
        b.income_year as income_year_before,
        a.income_per_capita as income_after,
        a.income_year as income_year_after,
        b.helper_id as helper_id_before,
        b.helper_name as helper_before,
        a.helper_id as helper_id_after,
        a.helper_name as helper_after,
        b.people as people_before,
        a.people as people_after,
        b.household_id is not null and a.household_id is not null as on_both
    from after as a
    full outer join before as b on b.household_id = a.household_id
),

flagged as (
    select
        *,
        coalesce(status_after <> 'removed', false)
            and not coalesce(status_before <> 'removed', false) as is_new,
        coalesce(status_after = 'exited', false)
            and coalesce(status_before, '') <> 'exited' as is_exit,
        coalesce(status_after = 'relapsed', false)
            and coalesce(status_before, '') <> 'relapsed' as is_relapse,
        coalesce(status_before <> 'removed', false)
            and not coalesce(status_after <> 'removed', false) as is_removal,
        on_both and village_code <> village_code_before as is_moved,
        on_both and attribute_after <> attribute_before as attribute_changed,
        on_both and cause_after <> cause_before as cause_changed,
        on_both and income_after <> income_before as income_changed,
        on_both and helper_id_after is distinct from helper_id_before as helper_changed
    from paired
)

select
    household_id,
    village_code,
    village_name,
    group_name,
    head_name,
    village_code_before,
    village_name_before,
    status_before,
    status_after,
    exit_year,
    attribute_before,
    attribute_after,
    cause_before,
    cause_after,
    income_before,
    income_year_before,
    income_after,
    income_year_after,
    income_after - income_before as income_change,
    helper_before,
    helper_after,
    people_before,
    people_after,
    is_new,
    is_exit,
    is_relapse,
    is_removal,
    is_moved,
    attribute_changed,
    cause_changed,
    income_changed,
    helper_changed
from flagged
where is_new or is_exit or is_relapse or is_removal or is_moved
   or attribute_changed or cause_changed or income_changed or helper_changed
order by village_code, household_id
