-- programs_by_year: what each benefit program paid, to how many, in each calendar year.
-- Grain: one row per program per year of paid_date (only years in which it paid anything),
-- programs in contract order, then year.
-- Parameters: $snapshot_date (DATE).
-- households counts distinct households paid that year (so over one year it is also the
-- report's "户次"); people counts the named recipient for a payment tied to one person (a
-- student, a post holder) and every member of the household for a payment to the household.
with paid as (
    select payment_id, household_id, person_id, program, amount_yuan, year(paid_date) as year
    from payments
    where snapshot_date = $snapshot_date
      and paid_date <= $snapshot_date
),

reached_people as (
    select program, year, person_id
    from paid
    where person_id is not null
    union
    select paid.program, paid.year, m.person_id
    from paid
    inner join members as m
        on m.household_id = paid.household_id
       and m.snapshot_date = $snapshot_date
    where paid.person_id is null
),

people_per_year as (
    select program, year, count(distinct person_id) as people
    from reached_people
    group by program, year
),

totals as (
    select
        program,
        year,
        count(*) as payments,
        count(distinct household_id) as households,
        sum(amount_yuan) as yuan
    from paid
    group by program, year
)

select
    totals.program,
    totals.year,
    totals.payments,
    totals.households,
    coalesce(people_per_year.people, 0) as people,
    totals.yuan
from totals
left join people_per_year
    on people_per_year.program = totals.program
   and people_per_year.year = totals.year
order by
    array_position(
        ['education_aid', 'rainbow_plan', 'transport_subsidy', 'housing_renovation',
         'industry_planting', 'industry_breeding', 'pv_income', 'loan_dividend',
         'public_welfare_job', 'health_aid'],
        totals.program
    ) nulls last,
    totals.program,
    totals.year
