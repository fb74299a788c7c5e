-- evaluation_visits_by_month: recorded helper visits per month and kind, in a period, for the
-- town or a village.
-- Grain: one row per month x visit kind with at least one visit, oldest month first.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR, NULL for the whole town),
--             $visited_from (DATE), $visited_to (DATE).
select
    cast(date_trunc('month', v.visit_date) as date) as month,
    v.kind,
    count(*) as visits
from visits as v
inner join households as h
    on h.household_id = v.household_id and h.snapshot_date = v.snapshot_date
where v.snapshot_date = $snapshot_date
  and v.visit_date between $visited_from and $visited_to
  and v.visit_date <= $snapshot_date
  and ($village_code::varchar is null or h.village_code = $village_code::varchar)
group by all
order by month, v.kind
