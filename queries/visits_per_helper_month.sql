-- visits_per_helper_month: how often each helper visited, month by month, over the last year.
-- Grain: one row per helper on the roster per calendar month of the window (months without a
-- visit included, with 0), by helper id, then month.
-- Parameters: $snapshot_date (DATE).
-- The window is the visit-rate window (visit_rate_months(), docs/definitions.md:
-- visit_rate_window): the snapshot's month and the months before it; the snapshot's month
-- counts only up to the snapshot date.
-- visits counts every visit record the helper made that month, to any household.
with roster as (
    select helper_id, level
    from helpers
    where snapshot_date = $snapshot_date
),

calendar as (
    select cast(unnest(generate_series(
        date_trunc('month', cast($snapshot_date as date))
            - to_months(visit_rate_months() - 1),
        date_trunc('month', cast($snapshot_date as date)),
        interval 1 month
    )) as date) as month
),

monthly as (
    select helper_id, cast(date_trunc('month', visit_date) as date) as month, count(*) as visits
    from visits
    where snapshot_date = $snapshot_date
      and visit_date <= $snapshot_date
    group by helper_id, cast(date_trunc('month', visit_date) as date)
)

select
    roster.helper_id,
    roster.level,
    calendar.month,
    coalesce(monthly.visits, 0) as visits
from roster
cross join calendar
left join monthly
    on monthly.helper_id = roster.helper_id
    and monthly.month = calendar.month
order by roster.helper_id, calendar.month
