-- programs_in_period: each benefit program in one period: payments, households, household-years,
-- people reached and yuan.
-- Grain: one row per program that paid anything in the period, programs in contract order.
-- Parameters: $snapshot_date (DATE), $period (VARCHAR: 'all' for everything paid on or before
-- the snapshot date, or a year such as '2018', cut at the snapshot date).
-- household_years counts distinct (household, year paid) pairs, as the report counts "户" for a
-- program over several years; people counts the named recipient of a payment tied to a person
-- and every member of the household for a payment to the household (the staging view
-- payment_recipients; queries/program_totals.sql counts named recipients only).
-- Added up from program_periods (one row per village): a household and its people belong to one
-- village, so the villages' distinct counts add up to the area's.
select
    program,
    cast(sum(payments) as bigint) as payments,
    cast(sum(households) as bigint) as households,
    cast(sum(household_years) as bigint) as household_years,
    cast(sum(people) as bigint) as people,
    cast(sum(named_recipients) as bigint) as named_recipients,
    sum(yuan) as yuan,
    min(first_paid) as first_paid,
    max(last_paid) as last_paid
from program_periods
where snapshot_date = $snapshot_date
  and period = $period
group by program
order by program_order(program) nulls last, program
