-- village_helpers: who helps one unit's households (帮扶责任人 and 村级联系人), names masked.
-- Grain: one row per helper with at least one registered household of the unit, by level
-- (city, town, village), then most households first, then helper id.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR).
-- households counts the unit's registered households the helper answers for (the staging view
-- helper_households: as helper or as village contact); last_visit is the helper's latest visit
-- to any of them. The name is masked here (mask_name), never in Python.
with answered as (
    select helper_id, household_id, is_not_exited, last_visit
    from helper_households
    where snapshot_date = $snapshot_date
      and village_code = $village_code
),

per_helper as (
    select
        helper_id,
        count(distinct household_id) as households,
        count(distinct household_id) filter (where is_not_exited) as not_exited_households
    from answered
    group by helper_id
),

-- The helper's latest visit to any household he answers for (helper_households' last_visit).
last_visits as (
    select helper_id, max(last_visit) as last_visit
    from answered
    group by helper_id
)

select
    per_helper.helper_id,
    mask_name(roster.name) as helper_name,
    roster.unit,
    roster.level,
    per_helper.households,
    per_helper.not_exited_households,
    last_visits.last_visit
from per_helper
left join helpers as roster
    on roster.helper_id = per_helper.helper_id
    and roster.snapshot_date = $snapshot_date
left join last_visits on last_visits.helper_id = per_helper.helper_id
order by helper_level_order(roster.level), per_helper.households desc, per_helper.helper_id
