-- programs_in_period: each benefit program in one period: payments, households, household-years,
-- people reached and yuan.
-- Grain: one row per program that paid anything between $paid_from and $paid_to inclusive,
-- programs in contract order.
-- Parameters: $snapshot_date (DATE), $paid_from (DATE), $paid_to (DATE).
-- household_years counts distinct (household, year paid) pairs, as the report counts "户" for a
-- program over several years; people counts the named recipient of a payment tied to a person
-- and every member of the household for a payment to the household (queries/program_totals.sql
-- counts named recipients only).
with paid as (
    select household_id, person_id, program, amount_yuan, paid_date
    from payments
    where snapshot_date = $snapshot_date
      and paid_date <= $snapshot_date
      and paid_date between $paid_from and $paid_to
),

reached_people as (
    select program, person_id
    from paid
    where person_id is not null
    union
    select paid.program, m.person_id
    from paid
    inner join members as m
        on m.household_id = paid.household_id
       and m.snapshot_date = $snapshot_date
    where paid.person_id is null
),

people_per_program as (
    select program, count(distinct person_id) as people
    from reached_people
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
    array_position(
        ['education_aid', 'rainbow_plan', 'transport_subsidy', 'housing_renovation',
         'industry_planting', 'industry_breeding', 'pv_income', 'loan_dividend',
         'public_welfare_job', 'health_aid'],
        totals.program
    ) nulls last,
    totals.program
