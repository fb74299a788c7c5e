-- village_payments: the money one unit's households received, by program and year.
-- Grain: one row per program per calendar year with at least one payment, by year then
-- program.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR).
-- Every payment to a household of the unit paid on or before the snapshot date counts, also
-- to households removed since (as village_measures.yuan_received, so the two add up).
select
    pay.program,
    year(pay.paid_date) as year,
    sum(pay.amount_yuan) as yuan,
    count(distinct pay.household_id) as households,
    count(*) as payments
from payments as pay
inner join households as h
    on h.household_id = pay.household_id
    and h.snapshot_date = pay.snapshot_date
where pay.snapshot_date = $snapshot_date
  and pay.paid_date <= $snapshot_date
  and h.village_code = $village_code
group by pay.program, year(pay.paid_date)
order by year, pay.program
