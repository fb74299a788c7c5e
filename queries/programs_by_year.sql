-- programs_by_year: what each benefit program paid, to how many, in each calendar year.
-- Grain: one row per program per year of paid_date (only years in which it paid anything),
-- programs in contract order, then year.
-- Parameters: $snapshot_date (DATE).
-- households counts distinct households paid that year (so over one year it is also the
-- report's "户次"); people counts the named recipient for a payment tied to one person (a
-- student, a post holder) and every member of the household for a payment to the household
-- (the staging view payment_recipients).
with paid as (
    select payment_id, household_id, person_id, program, amount_yuan, year(paid_date) as year
    from payments
    where snapshot_date = $snapshot_date
      and paid_date <= $snapshot_date
),

people_per_year as (
    select program, year(paid_date) as year, count(distinct person_id) as people
    from payment_recipients
    where snapshot_date = $snapshot_date
      and paid_date <= $snapshot_date
    group by program, year(paid_date)
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
    program_order(totals.program) nulls last,
    totals.program,
    totals.year
