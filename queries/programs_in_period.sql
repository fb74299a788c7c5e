-- programs_in_period: each benefit program in one period: payments, households, household-years,
-- people reached and yuan.
-- Grain: one row per program that paid anything between $paid_from and $paid_to inclusive,
-- programs in contract order.
-- Parameters: $snapshot_date (DATE), $paid_from (DATE), $paid_to (DATE).
-- household_years counts distinct (household, year paid) pairs, as the report counts "户" for a
-- program over several years; people counts the named recipient of a payment tied to a person
-- and every member of the household for a payment to the household (the staging view
-- payment_recipients; queries/program_totals.sql counts named recipients only).
with paid as (
    select household_id, person_id, program, amount_yuan, paid_date
    from payments
    where snapshot_date = $snapshot_date
      and paid_date <= $snapshot_date
      and paid_date between $paid_from and $paid_to
),

people_per_program as (
    select program, count(distinct person_id) as people
    from payment_recipients
    where snapshot_date = $snapshot_date
      and paid_date <= $snapshot_date
      and paid_date between $paid_from and $paid_to
    group by program
),

totals as (
    select
        program,
        count(*) as payments,
        count(distinct household_id) as households,
        count(distinct (household_id, year(paid_date))) as household_years,
        count(distinct person_id) as named_recipients,
        sum(amount_yuan) as yuan,
        min(paid_date) as first_paid,
        max(paid_date) as last_paid
    from paid
    group by program
)

select
    totals.program,
    totals.payments,
    totals.households,
    totals.household_years,
    coalesce(people_per_program.people, 0) as people,
    totals.named_recipients,
    totals.yuan,
    totals.first_paid,
    totals.last_paid
from totals
left join people_per_program on people_per_program.program = totals.program
order by
    program_order(totals.program) nulls last,
    totals.program
