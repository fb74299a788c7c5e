-- visits_per_helper_month: how often each helper visited, month by month, over the last year.
-- Grain: one row per helper on the roster per calendar month of the window (months without a
-- visit included, with 0), by helper id, then month.
-- Parameters: $snapshot_date (DATE), $months (INTEGER: the window, the snapshot's month and
-- the $months - 1 before it; the snapshot's month counts only up to the snapshot date).
-- visits counts every visit record the helper made that month, to any household.
with roster as (
    select helper_id, level
    from helpers
    where snapshot_date = $snapshot_date
),

calendar as (
    select cast(unnest(generate_series(
        date_trunc('month', cast($snapshot_date as date))
            - to_months(cast($months as integer) - 1),
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
    r.helper_id,
    r.level,
    c.month,
    coalesce(m.visits, 0) as visits
from roster as r
cross join calendar as c
left join monthly as m
    on m.helper_id = r.helper_id
    and m.month = c.month
order by r.helper_id, c.month
