-- village_payments: the money one unit's households received, by program and year.
-- Grain: one row per program per calendar year with at least one payment, by year then
-- program.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR).
-- Every payment to a household of the unit paid on or before the snapshot date counts, also
-- to households removed since (as village_measures.yuan_received, so the two add up): both read
-- the table macro payments_received_by.
select
    program,
    year(paid_date) as year,
    sum(amount_yuan) as yuan,
    count(distinct household_id) as households,
    count(*) as payments
from payments_received_by($snapshot_date)
where village_code = $village_code
group by program, year(paid_date)
order by year, program
