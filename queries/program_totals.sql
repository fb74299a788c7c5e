-- program_totals: what every benefit program paid, and to how many, in a period.
-- Grain: one row per program that paid anything between $paid_from and $paid_to inclusive.
-- Parameters: $snapshot_date (DATE), $paid_from (DATE), $paid_to (DATE).
-- household_years counts distinct (household, year paid) pairs, as the report counts
-- "户" for multi-year programs; people counts distinct named recipients.
with paid as (
    select household_id, person_id, program, amount_yuan, paid_date
    from payments
    where snapshot_date = $snapshot_date
      and paid_date between $paid_from and $paid_to
)

select
    program,
    count(*) as payments,
    count(distinct household_id) as households,
    count(distinct (household_id, year(paid_date))) as household_years,
    count(distinct person_id) as people,
    sum(amount_yuan) as yuan
from paid
group by program
order by yuan desc
