-- industry_totals: industry support (特色种养业) in a period, for both programs and for each.
-- Grain: one row with program = 'all' (always present, zeros when nothing was paid), then one
-- row per industry program paid in the period (industry_breeding, industry_planting).
-- Parameters: $snapshot_date (DATE), $paid_from (DATE), $paid_to (DATE), both ends inclusive.
-- One payment row is one project (项目), as the report counts them; households are distinct,
-- so the 'all' row's households is not the sum of the programs' (a household may have both).
with industry_payments as (
    select p.household_id, p.program, p.amount_yuan
    from payments as p
    where p.snapshot_date = $snapshot_date
      and is_industry_program(p.program)
      and p.paid_date between $paid_from and $paid_to
)

select
    coalesce(program, 'all') as program,
    count(*) as projects,
    coalesce(sum(amount_yuan), 0) as yuan,
    count(distinct household_id) as households
from industry_payments
group by grouping sets ((program), ())
order by grouping(program) desc, program
