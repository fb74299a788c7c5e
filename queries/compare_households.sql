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
-- states is not materialized so that before and after each push their snapshot_date into the
-- staging views (a filter `in ($from_date, $to_date)` made them read every snapshot).
-- Personal data is masked (mask_name; the head's by household_places); no ID number is selected.
with states as not materialized (
    select
        place.snapshot_date,
        place.household_id,
        place.village_code,
        place.village_name,
        place.group_name,
        place.status,
        place.exit_year,
        place.attribute,
        place.main_cause,
        place.income_per_capita,
        place.income_year,
        place.helper_id,
        mask_name(roster.name) as helper_name,
        place.head_name,
        facts.people
    from household_places as place
    inner join household_facts as facts
        on facts.snapshot_date = place.snapshot_date and facts.household_id = place.household_id
    left join helpers as roster
        on roster.snapshot_date = place.snapshot_date and roster.helper_id = place.helper_id
),

before as (
    select * from states where snapshot_date = $from_date
),

after as (
    select * from states where snapshot_date = $to_date
),

paired as (
    select
        coalesce(after.household_id, before.household_id) as household_id,
        coalesce(after.village_code, before.village_code) as village_code,
        coalesce(after.village_name, before.village_name) as village_name,
        coalesce(after.group_name, before.group_name) as group_name,
        coalesce(after.head_name, before.head_name) as head_name,
        before.village_code as village_code_before,
        before.village_name as village_name_before,
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
        before.helper_name as helper_before,
        after.helper_id as helper_id_after,
        after.helper_name as helper_after,
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
