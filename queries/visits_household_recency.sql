-- visits_household_recency: days since each household was last visited by its own helper.
-- Grain: one row per registered (not removed) household, longest without a visit first (never
-- visited before any visited one), then by household id.
-- Parameters: $snapshot_date (DATE).
-- "Its own helper" is the city or town helper of households.helper_id on this snapshot; a visit
-- by anyone else (a village contact, a former helper) does not count toward helper_last_visit.
-- The village contact's own latest visit is beside it (contact_last_visit). days_since_* are
-- whole days from that visit to the snapshot date, NULL when there was none. Names are masked
-- here (first character and two asterisks), never in Python.
with registered as (
    select household_id, village_code, status, helper_id, village_contact_id
    from households
    where snapshot_date = $snapshot_date
      and status <> 'removed'
),

roster as (
    select helper_id, name, unit, level
    from helpers
    where snapshot_date = $snapshot_date
),

recorded as (
    select helper_id, household_id, max(visit_date) as last_visit
    from visits
    where snapshot_date = $snapshot_date
      and visit_date <= $snapshot_date
    group by helper_id, household_id
),

heads as (
    select household_id, min(name) as head_name
    from members
    where snapshot_date = $snapshot_date
      and relation = 'head'
    group by household_id
)

select
    h.household_id,
    h.village_code,
    v.village_name,
    mask_name(hd.head_name) as head_name,
    h.status,
    h.helper_id,
    mask_name(r.name) as helper_name,
    r.unit as helper_unit,
    r.level as helper_level,
    hv.last_visit as helper_last_visit,
    cast(date_diff('day', hv.last_visit, cast($snapshot_date as date)) as bigint)
        as days_since_helper_visit,
    cv.last_visit as contact_last_visit,
    cast(date_diff('day', cv.last_visit, cast($snapshot_date as date)) as bigint)
        as days_since_contact_visit
from registered as h
left join villages as v
    on v.village_code = h.village_code
    and v.snapshot_date = $snapshot_date
left join heads as hd on hd.household_id = h.household_id
left join roster as r on r.helper_id = h.helper_id
left join recorded as hv
    on hv.helper_id = h.helper_id
    and hv.household_id = h.household_id
left join recorded as cv
    on cv.helper_id = h.village_contact_id
    and cv.household_id = h.household_id
order by
    hv.last_visit asc nulls first,
    h.household_id
