-- visits_overdue_counts: households their own helper has not visited within each window.
-- Grain: one row per window in $windows (days), in ascending order.
-- Parameters: $snapshot_date (DATE), $windows (INTEGER[]: the windows the page lets a person
-- compare, e.g. [30, 60, 90]; the 90-day rule of "visited recently" is one of them).
-- A registered household is overdue for a window of N days when its own helper
-- (households.helper_id) recorded no visit to it in the N days up to the snapshot date, i.e.
-- its latest such visit (household_facts.last_visit_date) is more than N days old, or there is
-- none. remaining_households counts the overdue households not yet exited;
-- registered_households is the denominator, the same on every row.
with recency as (
    select
        household_id,
        is_not_exited,
        date_diff('day', last_visit_date, snapshot_date) as days_since_visit
    from household_facts
    where snapshot_date = $snapshot_date
      and is_registered
),

windows as (
    select distinct cast(unnest($windows) as bigint) as days
)

select
    windows.days,
    count(recency.household_id) filter (
        where recency.days_since_visit is null or recency.days_since_visit > windows.days
    ) as households,
    count(recency.household_id) filter (
        where recency.is_not_exited
          and (recency.days_since_visit is null or recency.days_since_visit > windows.days)
    ) as remaining_households,
    count(recency.household_id) as registered_households
from windows
left join recency on true
group by windows.days
order by windows.days
