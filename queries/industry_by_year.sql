-- industry_by_year: industry support by calendar year of payment, per program and in all.
-- Grain: one row per year × program, plus one row per year with program = 'all'; only years
-- with a payment in the period; oldest first, 'all' first within a year.
-- Parameters: $snapshot_date (DATE), $paid_from (DATE), $paid_to (DATE), both ends inclusive.
-- The payments are the table macro industry_payments_between's (its own staging file).
-- Households are distinct per row, so a year's 'all' is not the sum of its programs.
select paid_year, coalesce(program, 'all') as program,
    count(*) as projects, sum(amount_yuan) as yuan, count(distinct household_id) as households
from industry_payments_between($snapshot_date, $paid_from, $paid_to)
group by grouping sets ((paid_year, program), (paid_year))
order by paid_year, grouping(program) desc, program
