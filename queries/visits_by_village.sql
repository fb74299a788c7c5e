-- visits_by_village: for the secretary, each village's helper coverage and visit recency beside
-- its remaining poor households.
-- Grain: one row per village-level unit, in village-code order (units without a registered
-- household included, with zeros).
-- Parameters: $snapshot_date (DATE), $stale_days (INTEGER: a household whose own helper has
-- not come within this many days is overdue).
-- remaining_households are those not yet exited (not_exited or relapsed). helpers and
-- village_contacts count the distinct people answering for the village's registered
-- households; without_helper / without_contact are households whose id is empty or names no
-- one on the roster at the right level. Recency is by the household's own helper
-- (households.helper_id, as recorded, like visits_overdue_counts): median_days_since_visit over visited households, overdue_* those
-- not visited within $stale_days (never visited included).
with units as (
    select village_code, village_name
    from villages
    where snapshot_date = $snapshot_date
),

roster as (
    select helper_id, level
    from helpers
    where snapshot_date = $snapshot_date
),

registered as (
    select
        h.household_id,
        h.village_code,
        h.status in ('not_exited', 'relapsed') as is_remaining,
        h.helper_id as own_helper_id,
        helper.helper_id as helper_id,
        contact.helper_id as village_contact_id
    from households as h
    left join roster as helper
        on helper.helper_id = h.helper_id
        and helper.level in ('city', 'town')
    left join roster as contact
        on contact.helper_id = h.village_contact_id
        and contact.level = 'village'
    where h.snapshot_date = $snapshot_date
      and h.status <> 'removed'
),

own_visits as (
    select h.household_id, max(v.visit_date) as last_visit
    from registered as h
    inner join visits as v
        on v.household_id = h.household_id
        and v.helper_id = h.own_helper_id
    where v.snapshot_date = $snapshot_date
      and v.visit_date <= $snapshot_date
    group by h.household_id
),

recency as (
    select
        h.*,
        date_diff('day', o.last_visit, cast($snapshot_date as date)) as days_waiting
    from registered as h
    left join own_visits as o on o.household_id = h.household_id
),

per_village as (
    select
        village_code,
        count(*) as registered_households,
        count(*) filter (where is_remaining) as remaining_households,
        count(distinct helper_id) as helpers,
        count(distinct village_contact_id) as village_contacts,
        count(*) filter (where helper_id is null) as without_helper,
        count(*) filter (where village_contact_id is null) as without_contact,
        median(days_waiting) as median_days_since_visit,
        count(*) filter (where days_waiting is null or days_waiting > $stale_days)
            as overdue_households,
        count(*) filter (
            where is_remaining and (days_waiting is null or days_waiting > $stale_days)
        ) as overdue_remaining_households
    from recency
    group by village_code
)

select
    u.village_code,
    u.village_name,
    coalesce(p.registered_households, 0) as registered_households,
    coalesce(p.remaining_households, 0) as remaining_households,
    coalesce(p.helpers, 0) as helpers,
    coalesce(p.village_contacts, 0) as village_contacts,
    coalesce(p.without_helper, 0) as without_helper,
    coalesce(p.without_contact, 0) as without_contact,
    cast(p.median_days_since_visit as double) as median_days_since_visit,
    coalesce(p.overdue_households, 0) as overdue_households,
    coalesce(p.overdue_remaining_households, 0) as overdue_remaining_households
from units as u
left join per_village as p on p.village_code = u.village_code
order by u.village_code
