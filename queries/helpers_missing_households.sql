-- helpers_missing_households: registered households without a helper or without a village contact.
-- Grain: one row per registered (not removed) household that lacks either, not yet exited first,
-- then by village code and household id.
-- Parameters: $snapshot_date (DATE).
-- A household "has a helper" when its helper_id names a city or town helper on the roster, and
-- "has a village contact" when its village_contact_id names a village-level helper on the
-- roster: an id that is missing from the roster counts as no one, since no one answers for it.
-- The head's name is masked here (first character and two asterisks), never in Python.
with roster as (
    select helper_id, level
    from helpers
    where snapshot_date = $snapshot_date
),

registered as (
    select household_id, village_code, group_name, status, helper_id, village_contact_id
    from households
    where snapshot_date = $snapshot_date
      and status <> 'removed'
),

heads as (
    select household_id, min(name) as head_name
    from members
    where snapshot_date = $snapshot_date
      and relation = 'head'
    group by household_id
),

checked as (
    select
        h.household_id,
        h.village_code,
        h.group_name,
        h.status,
        helper.helper_id is not null as has_helper,
        contact.helper_id is not null as has_village_contact
    from registered as h
    left join roster as helper
        on helper.helper_id = h.helper_id
        and helper.level in ('city', 'town')
    left join roster as contact
        on contact.helper_id = h.village_contact_id
        and contact.level = 'village'
)

select
    c.household_id,
    c.village_code,
    v.village_name,
    c.group_name,
    mask_name(hd.head_name) as head_name,
    c.status,
    c.has_helper,
    c.has_village_contact
from checked as c
left join villages as v
    on v.village_code = c.village_code
    and v.snapshot_date = $snapshot_date
left join heads as hd on hd.household_id = c.household_id
where not c.has_helper or not c.has_village_contact
order by
    c.status in ('not_exited', 'relapsed') desc,
    c.village_code,
    c.household_id
