-- visits_by_level_month: how often the helpers of each level visited, month by month, over
-- the last year.
-- Grain: one row per helper level on the roster (city, town, village) per calendar month of the
-- window (months without a visit included, with 0), by month, then level order.
-- Parameters: $snapshot_date (DATE).
-- The window is the visit-rate window (visit_rate_months(), docs/definitions.md:
-- visit_rate_window): the snapshot's month and the months before it; the snapshot's month
-- counts only up to the snapshot date.
-- visits counts every visit record the level's helpers made that month, to any household;
-- helpers counts the level's helpers on the roster (those who visited nobody included);
-- visits_per_helper = visits / helpers, two decimals. Added up here, not per helper in pandas:
-- a province's roster times twelve months is five million rows.
with roster as (
    select helper_id, level
    from helpers
    where snapshot_date = $snapshot_date
),

levels as (
    select level, count(distinct helper_id) as helpers
    from roster
    group by level
),

calendar as (
    select cast(unnest(generate_series(
        date_trunc('month', cast($snapshot_date as date))
            - to_months(visit_rate_months() - 1),
        date_trunc('month', cast($snapshot_date as date)),
        interval 1 month
    )) as date) as month
),

-- visit_months has the visits added up per village, level and month already (a level is the
-- visiting helper's on this snapshot's roster; NULL for a visitor not on it, not counted).
monthly as (
    select level, month, sum(visits) as visits
    from visit_months
    where snapshot_date = $snapshot_date
      and level is not null
    group by level, month
)

select
    calendar.month,
    levels.level,
    cast(coalesce(monthly.visits, 0) as bigint) as visits,
    cast(levels.helpers as bigint) as helpers,
    round(coalesce(monthly.visits, 0) / levels.helpers, 2) as visits_per_helper
from levels
cross join calendar
left join monthly
    on monthly.level = levels.level
    and monthly.month = calendar.month
order by calendar.month, helper_level_order(levels.level), levels.level
