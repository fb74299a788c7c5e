-- programs_by_village: each benefit program in each village over one period.
-- Grain: one row per village x program, for every village of the snapshot and every program
-- that paid anything in the period (zeros included, so a village that got nothing shows 0);
-- villages in code order, programs in contract order.
-- Parameters: $snapshot_date (DATE), $paid_from (DATE), $paid_to (DATE).
-- people: the named recipient of a payment tied to a person, every member of the household
-- for a payment to the household (the staging view payment_recipients).
with paid as (
    select p.payment_id, p.household_id, p.program, p.amount_yuan, h.village_code
    from payments as p
    inner join households as h
        on h.household_id = p.household_id
       and h.snapshot_date = $snapshot_date
    where p.snapshot_date = $snapshot_date
      and p.paid_date <= $snapshot_date
      and p.paid_date between $paid_from and $paid_to
),

people_per_cell as (
    select paid.village_code, paid.program, count(distinct reached.person_id) as people
    from paid
    inner join payment_recipients as reached
        on reached.snapshot_date = $snapshot_date
       and reached.payment_id = paid.payment_id
    group by paid.village_code, paid.program
),

totals as (
    select
        village_code,
        program,
        count(*) as payments,
        count(distinct household_id) as households,
        sum(amount_yuan) as yuan
    from paid
    group by village_code, program
),

cells as (
    select v.village_code, v.village_name, programs.program
    from villages as v
    cross join (select distinct program from paid) as programs
    where v.snapshot_date = $snapshot_date
)

select
    cells.village_code,
    cells.village_name,
    cells.program,
    coalesce(totals.payments, 0) as payments,
    coalesce(totals.households, 0) as households,
    coalesce(people_per_cell.people, 0) as people,
    coalesce(totals.yuan, 0) as yuan
from cells
left join totals
    on totals.village_code = cells.village_code
   and totals.program = cells.program
left join people_per_cell
    on people_per_cell.village_code = cells.village_code
   and people_per_cell.program = cells.program
order by
    cells.village_code,
    program_order(cells.program) nulls last,
    cells.program
