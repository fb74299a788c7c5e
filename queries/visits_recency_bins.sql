-- visits_recency_bins: registered households by days since their own helper's last visit.
-- Grain: one row per bin, every bin (zeros kept): the bins of $bins in order (bin = its upper
-- bound in days, the first from 0), then bin -1 (more than the last bound), then bin -2 (never
-- visited by its own helper).
-- Parameters: $snapshot_date (DATE), $bins (INTEGER[]: ascending upper bounds, e.g. 30, 60, 90).
-- remaining_households are those not exited (is_not_exited), exited_households the rest of the
-- registered households (still helped). Days are household_facts' last_visit_date to the
-- snapshot date, as queries/visits_household_recency.sql lists them one by one.
with bounds as (
    select
        upper,
        coalesce(lag(upper) over (order by position), -1) as lower,
        position
    from (select unnest($bins) as upper, generate_subscripts($bins, 1) as position)
    union all
    select -1 as upper, list_max($bins) as lower, len($bins) + 1 as position
    union all
    select -2 as upper, null as lower, len($bins) + 2 as position
),

waiting as (
    select
        date_diff('day', last_visit_date, cast($snapshot_date as date)) as days,
        is_not_exited
    from household_facts
    where snapshot_date = $snapshot_date
      and is_registered
),

binned as (
    select
        case
            when days is null then -2
            when days > list_max($bins) then -1
            else list_filter($bins, lambda bound: bound >= days)[1]
        end as bin,
        is_not_exited
    from waiting
)

select
    bounds.upper as bin,
    count(binned.bin) filter (where binned.is_not_exited) as remaining_households,
    count(binned.bin) filter (where not binned.is_not_exited) as exited_households
from bounds
left join binned on binned.bin = bounds.upper
group by bounds.upper, bounds.position
order by bounds.position
