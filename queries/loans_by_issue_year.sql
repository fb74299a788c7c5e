-- loans_by_issue_year: microloans issued each year, by mode.
-- Grain: one row per year of issued_date per mode with any loan issued that year; years
-- ascending, enterprise_use before self_use.
-- Parameters: $snapshot_date (DATE).
select
    year(issued_date) as issue_year,
    mode,
    count(*) as loans,
    count(distinct household_id) as households,
    sum(amount_yuan) as yuan
from loans
where snapshot_date = $snapshot_date
  and issued_date <= $snapshot_date
group by year(issued_date), mode
order by issue_year, array_position(['enterprise_use', 'self_use'], mode) nulls last, mode
