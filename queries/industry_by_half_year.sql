-- industry_by_half_year: industry support by half-year of payment (上半年 Jan-Jun, 下半年
-- Jul-Dec), per program and in all.
-- Grain: one row per year × half (1 or 2) × program, plus one per year × half with
-- program = 'all'; only half-years with a payment in the period; oldest first.
-- Parameters: $snapshot_date (DATE), $paid_from (DATE), $paid_to (DATE), both ends inclusive.
-- The payments are the table macro industry_payments_between's (its own staging file).
-- Households are distinct per row, so a half-year's 'all' is not the sum of its programs.
select paid_year, half, coalesce(program, 'all') as program,
    count(*) as projects, sum(amount_yuan) as yuan, count(distinct household_id) as households
from industry_payments_between($snapshot_date, $paid_from, $paid_to)
group by grouping sets ((paid_year, half, program), (paid_year, half))
order by paid_year, half, grouping(program) desc, program
