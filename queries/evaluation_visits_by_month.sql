-- evaluation_visits_by_month: recorded helper visits per month and kind, in a period, for the
-- town or a village.
-- Grain: one row per month x visit kind with at least one visit, oldest month first.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR, NULL for the whole town),
--             $visited_from (DATE), $visited_to (DATE).
-- visit_months: the visits added up per village, kind and month (dated on or before the
-- snapshot); the window's ends are whole months, so the months inside it are the visits in it.
select
    month,
    kind,
    cast(sum(visits) as bigint) as visits
from visit_months
where snapshot_date = $snapshot_date
  and month between date_trunc('month', cast($visited_from as date)) and $visited_to
  and in_chosen_village(village_code, $village_code)
group by all
order by month, kind
