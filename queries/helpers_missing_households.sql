-- helpers_missing_households: registered households without a helper or without a village contact.
-- Grain: one row per registered household that lacks either, not yet exited first, then by
-- village code and household id.
-- Parameters: $snapshot_date (DATE).
-- A household "has a helper" when a responsible helper on the roster answers for it, and "has
-- a village contact" when a village contact on the roster does (the staging view
-- helper_households): an id missing from the roster counts as no one, since no one answers for
-- it. The head's name is masked by the staging view household_places, never in Python.
with answered as (
    select
        household_id,
        bool_or(is_responsible_helper(level)) as has_helper,
        bool_or(is_village_contact(level)) as has_village_contact
    from helper_households
    where snapshot_date = $snapshot_date
    group by household_id
),

checked as (
    select
        place.household_id,
        place.village_code,
        place.village_name,
        place.group_name,
        place.head_name,
        place.status,
        place.is_not_exited,
        coalesce(answered.has_helper, false) as has_helper,
        coalesce(answered.has_village_contact, false) as has_village_contact
    from household_places as place
    left join answered on answered.household_id = place.household_id
    where place.snapshot_date = $snapshot_date
      and place.is_registered
)

select
    household_id,
    village_code,
    village_name,
    group_name,
    head_name,
    status,
    has_helper,
    has_village_contact
from checked
where not has_helper or not has_village_contact
order by is_not_exited desc, village_code, household_id
