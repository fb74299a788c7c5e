-- industry_by_year: industry support by calendar year of payment, per program and in all.
-- Grain: one row per year × program, plus one row per year with program = 'all'; only years
-- with a payment in the period; oldest first, 'all' first within a year.
-- Parameters: $snapshot_date (DATE), $paid_from (DATE), $paid_to (DATE), both ends inclusive.
-- Households are distinct per row, so a year's 'all' is not the sum of its programs.
with industry_payments as (
    select p.household_id, p.program, p.amount_yuan, year(p.paid_date) as paid_year
    from payments as p
    where p.snapshot_date = $snapshot_date
      and p.program in ('industry_planting', 'industry_breeding')
      and p.paid_date between $paid_from and $paid_to
)

select
    i.paid_year,
    coalesce(i.program, 'all') as program,
    count(*) as projects,
    sum(i.amount_yuan) as yuan,
    count(distinct i.household_id) as households
from industry_payments as i
group by grouping sets ((i.paid_year, i.program), (i.paid_year))
order by i.paid_year, grouping(i.program) desc, i.program
