-- compare_households: every household that changed between two snapshots, and how.
-- Grain: one row per household on either snapshot with at least one change, by village code
-- (on $to_date, else $from_date) then household number.
-- Parameters: $from_date (DATE, the earlier snapshot), $to_date (DATE, the later one).
-- The flows are the register_flows definition (docs/definitions.md), as in snapshot_flows.sql.
--   is_new      registered on $to_date, not registered on $from_date (newly identified, 新识别)
--   is_exit     exited on $to_date, not exited on $from_date (or not there)
--   is_relapse  relapsed on $to_date (返贫), not relapsed on $from_date
--   is_removal  registered on $from_date, marked removed or gone on $to_date (清退 / 自然减少)
--   is_moved    on both, in another village on $to_date
--   *_changed   on both, the attribute, main cause, income per capita or helper differs
-- The changes are found on household_facts' own columns (kept per snapshot, narrow); names (the
-- village's, the head's masked by household_heads, the helper's masked here) are looked up for
-- the changed households only: joining them for a province's million households on both
-- snapshots first took 1.5 s. A side's name comes from that side's snapshot, as before.
-- Personal data is masked (mask_name; the head's by household_heads); no ID number is selected.
-- group_name is the household's 村民组 on $to_date, else (gone since) on $from_date. A side's
-- attribute, cause and group rest on that side's snapshot: where its source did not carry the
-- column (contract v1.2), the data layer names them and the page says 来源未提供, not blank.
-- not_in_source: attribute_before <- households.attribute on $from_date
-- not_in_source: attribute_after <- households.attribute on $to_date
-- not_in_source: cause_before <- households.main_cause on $from_date
-- not_in_source: cause_after <- households.main_cause on $to_date
-- not_in_source: group_name <- households.group_name on $to_date
-- not_in_source: attribute_changed <- households.attribute on $from_date
-- not_in_source: attribute_changed <- households.attribute on $to_date
-- not_in_source: cause_changed <- households.main_cause on $from_date
-- not_in_source: cause_changed <- households.main_cause on $to_date
with both_dates as (
    select
        snapshot_date, household_id, village_code, group_name, status, exit_year, attribute,
        main_cause, income_per_capita, income_year, helper_id, people
    from household_facts
    where snapshot_date in ($from_date, $to_date)
),

before as (
    select * exclude (snapshot_date) from both_dates where snapshot_date = $from_date
),

after as (
    select * exclude (snapshot_date) from both_dates where snapshot_date = $to_date
),

paired as (
    select
        coalesce(after.household_id, before.household_id) as household_id,
        coalesce(after.village_code, before.village_code) as village_code,
        after.village_code as village_code_after,
        case when after.household_id is not null then after.group_name
            else before.group_name end as group_name,
        after.household_id is not null as on_after,
        before.household_id is not null as on_before,
        before.village_code as village_code_before,
        before.status as status_before,
        after.status as status_after,
        after.exit_year as exit_year,
        before.attribute as attribute_before,
        after.attribute as attribute_after,
        before.main_cause as cause_before,
        after.main_cause as cause_after,
        before.income_per_capita as income_before,
        before.income_year as income_year_before,
        after.income_per_capita as income_after,
        after.income_year as income_year_after,
        before.helper_id as helper_id_before,
        after.helper_id as helper_id_after,
        before.people as people_before,
        after.people as people_after,
        before.household_id is not null and after.household_id is not null as on_both
    from after
    full outer join before on before.household_id = after.household_id
),

flagged as (
    select
        *,
        became_registered(status_before, status_after) as is_new,
        became_exited(status_before, status_after) as is_exit,
        became_relapsed(status_before, status_after) as is_relapse,
        left_register(status_before, status_after) as is_removal,
        on_both and village_code <> village_code_before as is_moved,
        on_both and attribute_after <> attribute_before as attribute_changed,
        on_both and cause_after <> cause_before as cause_changed,
        on_both and income_after <> income_before as income_changed,
        on_both and helper_id_after is distinct from helper_id_before as helper_changed
    from paired
),

changed as (
    select *
    from flagged
    where is_new or is_exit or is_relapse or is_removal or is_moved
       or attribute_changed or cause_changed or income_changed or helper_changed
)

select
    changed.household_id,
    changed.village_code,
    coalesce(village_after.village_name, village_before.village_name) as village_name,
    changed.group_name,
    coalesce(head_after.head_name, head_before.head_name) as head_name,
    changed.village_code_before,
    village_before.village_name as village_name_before,
    changed.status_before,
    changed.status_after,
    changed.exit_year,
    changed.attribute_before,
    changed.attribute_after,
    changed.cause_before,
    changed.cause_after,
    changed.income_before,
    changed.income_year_before,
    changed.income_after,
    changed.income_year_after,
    changed.income_after - changed.income_before as income_change,
    mask_name(helper_before.name) as helper_before,
    mask_name(helper_after.name) as helper_after,
    changed.people_before,
    changed.people_after,
    changed.is_new,
    changed.is_exit,
    changed.is_relapse,
    changed.is_removal,
    changed.is_moved,
    changed.attribute_changed,
    changed.cause_changed,
    changed.income_changed,
    changed.helper_changed
from changed
left join villages as village_after
    on village_after.snapshot_date = $to_date
   and village_after.village_code = changed.village_code_after
left join villages as village_before
    on village_before.snapshot_date = $from_date
   and village_before.village_code = changed.village_code_before
left join household_heads as head_after
    on changed.on_after
   and head_after.snapshot_date = $to_date
   and head_after.household_id = changed.household_id
left join household_heads as head_before
    on changed.on_before
   and head_before.snapshot_date = $from_date
   and head_before.household_id = changed.household_id
left join helpers as helper_after
    on helper_after.snapshot_date = $to_date and helper_after.helper_id = changed.helper_id_after
left join helpers as helper_before
    on helper_before.snapshot_date = $from_date
   and helper_before.helper_id = changed.helper_id_before
order by changed.village_code, changed.household_id
