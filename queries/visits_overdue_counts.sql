-- visits_overdue_counts: households their own helper has not visited within each window.
-- Grain: one row per window in $windows (days), in ascending order.
-- Parameters: $snapshot_date (DATE), $windows (INTEGER[]: e.g. [30, 60, 90], the page's
-- named constants).
-- A registered (not removed) household is overdue for a window of N days when its own helper
-- (households.helper_id) recorded no visit to it in the N days up to the snapshot date, i.e.
-- its latest such visit is more than N days old, or there is none. remaining_households counts
-- the overdue households not yet exited (not_exited or relapsed); registered_households is the
-- denominator, the same on every row.
with registered as (
    select household_id, status, helper_id
    from households
    where snapshot_date = $snapshot_date
      and status <> 'removed'
),

own_visits as (
    select h.household_id, max(v.visit_date) as last_visit
    from registered as h
    inner join visits as v
        on v.household_id = h.household_id
        and v.helper_id = h.helper_id
    where v.snapshot_date = $snapshot_date
      and v.visit_date <= $snapshot_date
    group by h.household_id
),

recency as (
    select
        h.household_id,
        h.status in ('not_exited', 'relapsed') as is_remaining,
        date_diff('day', o.last_visit, cast($snapshot_date as date)) as days_since_visit
    from registered as h
    left join own_visits as o on o.household_id = h.household_id
),

windows as (
    select distinct cast(unnest($windows) as bigint) as days
)

select
    w.days,
    count(r.household_id) filter (where r.days_since_visit is null or r.days_since_visit > w.days)
        as households,
    count(r.household_id) filter (
        where r.is_remaining and (r.days_since_visit is null or r.days_since_visit > w.days)
    ) as remaining_households,
    count(r.household_id) as registered_households
from windows as w
left join recency as r on true
group by w.days
order by w.days
