-- programs_by_year: what each benefit program paid, to how many, in each calendar year.
-- Grain: one row per program per year of paid_date (only years in which it paid anything),
-- programs in contract order, then year.
-- Parameters: $snapshot_date (DATE).
-- households counts distinct households paid that year (so over one year it is also the
-- report's "户次"); people counts the named recipient for a payment tied to one person (a
-- student, a post holder) and every member of the household for a payment to the household
-- (the staging view payment_recipients). Added up from program_periods' villages (a household
-- and its people belong to one village).
select
    program,
    cast(period as integer) as year,
    cast(sum(payments) as bigint) as payments,
    cast(sum(households) as bigint) as households,
    cast(sum(people) as bigint) as people,
    sum(yuan) as yuan
from program_periods
where snapshot_date = $snapshot_date
  and period <> 'all'
group by program, period
order by program_order(program) nulls last, program, year
