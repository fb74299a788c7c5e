-- helpers_visit_ranking: city and town helpers whose households go longest without their visit.
-- Grain: one row per city or town helper with at least one registered household, ranked: most
-- households overdue first, then most never visited, then the longest time since the latest
-- visit to any of them, then helper id; rank 1 is the helper who most needs a word.
-- Parameters: $snapshot_date (DATE).
-- A household is overdue when its own helper has not visited it recently (the visited_recently
-- definition); the visit rate is over the visit-rate window (visit_rate_months(): the
-- snapshot's month and the months before it), docs/definitions.md.
-- Only visits by the helper to the households now on its books count (its own households).
-- days_since_last_visit is from the helper's latest visit to any of them; longest_days_waiting
-- is the longest wait of one household among those visited at least once (never visited ones are
-- counted apart, in never_visited_households). visits_per_household_month is the helper's visits
-- to them in the window divided by households × months. The name is masked here.
with roster as (
    select helper_id, name, unit, level
    from helpers
    where snapshot_date = $snapshot_date
      and is_responsible_helper(level)
),

-- Each household's own-helper visits come from household_facts (last_visit_date,
-- own_visits_in_window): one row per household, not the snapshot's millions of visits.
per_household as (
    select
        helper_id,
        household_id,
        last_visit_date as last_visit,
        date_diff('day', last_visit_date, cast($snapshot_date as date)) as days_waiting,
        own_visits_in_window as visits_in_window
    from household_facts
    where snapshot_date = $snapshot_date
      and is_registered
      and helper_id is not null
),

per_helper as (
    select
        helper_id,
        count(*) as households,
        count(*) filter (where not visited_recently(last_visit, $snapshot_date))
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
            per_helper.overdue_households desc,
            per_helper.never_visited_households desc,
            per_helper.days_since_last_visit desc nulls first,
            roster.helper_id
    ) as rank,
    roster.helper_id,
    mask_name(roster.name) as helper_name,
    roster.unit,
    roster.level,
    per_helper.households,
    per_helper.overdue_households,
    per_helper.never_visited_households,
    cast(per_helper.days_since_last_visit as bigint) as days_since_last_visit,
    cast(per_helper.longest_days_waiting as bigint) as longest_days_waiting,
    cast(per_helper.visits_in_window as bigint) as visits_in_window,
    round(
        per_helper.visits_in_window
            / (per_helper.households * cast(visit_rate_months() as double)),
        2
    ) as visits_per_household_month
from per_helper
inner join roster on roster.helper_id = per_helper.helper_id
order by rank
