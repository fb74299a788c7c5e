-- monitoring_by_month: spells identified and eliminated per month (新识别, 新消除).
-- Grain: one row per calendar month from the month of the first identification to the
-- snapshot's month, months with neither as zeros; no row when the snapshot has no spell.
-- Every spell counts (a household identified twice counts in both months).
-- Parameters: $snapshot_date (DATE).
with spells as (
    select identified_date, eliminated_date, is_open
    from monitoring_spells
    where snapshot_date = $snapshot_date
),

months as (
    select unnest(generate_series(
        date_trunc('month', (select min(identified_date) from spells)),
        date_trunc('month', $snapshot_date::date),
        interval 1 month
    ))::date as month
),

identified as (
    select date_trunc('month', identified_date)::date as month, count(*) as identified
    from spells
    group by all
),

eliminated as (
    select date_trunc('month', eliminated_date)::date as month, count(*) as eliminated
    from spells
    where not is_open
    group by all
)

select
    months.month,
    coalesce(identified.identified, 0) as identified,
    coalesce(eliminated.eliminated, 0) as eliminated
from months
left join identified on identified.month = months.month
left join eliminated on eliminated.month = months.month
order by months.month
