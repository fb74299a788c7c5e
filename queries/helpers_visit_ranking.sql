-- helpers_visit_ranking: city and town helpers whose households go longest without their visit.
-- Grain: one row per city or town helper with at least one registered household, ranked: most
-- households overdue first, then most never visited, then the longest time since the latest
-- visit to any of them, then helper id; rank 1 is the helper who most needs a word.
-- Parameters: $snapshot_date (DATE), $stale_days (INTEGER: a household whose own helper has
-- not come within this many days is overdue), $months (INTEGER: the visit-rate window, the
-- snapshot's month and the $months - 1 before it).
-- Only visits by the helper to the households now on its books count (its own households).
-- days_since_last_visit is from the helper's latest visit to any of them; longest_days_waiting
-- is the longest wait of one household among those visited at least once (never visited ones are
-- counted apart, in never_visited_households). visits_per_household_month is the helper's visits
-- to them in the window divided by households × months. The name is masked here.
with roster as (
    select helper_id, name, unit, level
    from helpers
    where snapshot_date = $snapshot_date
      and level in ('city', 'town')
),

registered as (
    select household_id, helper_id
    from households
    where snapshot_date = $snapshot_date
      and status <> 'removed'
      and helper_id is not null
),

window_start as (
    select
        date_trunc('month', cast($snapshot_date as date))
            - to_months(cast($months as integer) - 1) as first_day
),

own_visits as (
    select
        h.helper_id,
        h.household_id,
        max(v.visit_date) as last_visit,
        count(v.visit_id) filter (where v.visit_date >= w.first_day) as visits_in_window
    from registered as h
    cross join window_start as w
    inner join visits as v
        on v.household_id = h.household_id
        and v.helper_id = h.helper_id
    where v.snapshot_date = $snapshot_date
      and v.visit_date <= $snapshot_date
    group by h.helper_id, h.household_id
),

per_household as (
    select
        h.helper_id,
        h.household_id,
        o.last_visit,
        date_diff('day', o.last_visit, cast($snapshot_date as date)) as days_waiting,
        coalesce(o.visits_in_window, 0) as visits_in_window
    from registered as h
    left join own_visits as o
        on o.helper_id = h.helper_id
        and o.household_id = h.household_id
),

per_helper as (
    select
        helper_id,
        count(*) as households,
        count(*) filter (where days_waiting is null or days_waiting > $stale_days)
            as overdue_households,
        count(*) filter (where days_waiting is null) as never_visited_households,
        min(days_waiting) as days_since_last_visit,
        max(days_waiting) as longest_days_waiting,
        sum(visits_in_window) as visits_in_window
    from per_household
    group by helper_id
)

select
    row_number() over (
        order by
            p.overdue_households desc,
            p.never_visited_households desc,
            p.days_since_last_visit desc nulls first,
            r.helper_id
    ) as rank,
    r.helper_id,
    mask_name(r.name) as helper_name,
    r.unit,
    r.level,
    p.households,
    p.overdue_households,
    p.never_visited_households,
    cast(p.days_since_last_visit as bigint) as days_since_last_visit,
    cast(p.longest_days_waiting as bigint) as longest_days_waiting,
    cast(p.visits_in_window as bigint) as visits_in_window,
    round(p.visits_in_window / (p.households * cast($months as double)), 2)
        as visits_per_household_month
from per_helper as p
inner join roster as r on r.helper_id = p.helper_id
order by rank
