-- programs_by_village: each benefit program in each unit (village, or the next level down
-- above a town: a county's towns) over one period.
-- Grain: one row per unit x program, for every unit of the snapshot and every program that
-- paid anything in the period (zeros included, so a unit that got nothing shows 0); units in
-- code order, programs in contract order. village_code holds the unit's code
-- (left(village_code, $unit_digits), the village_units macro), village_name its name.
-- Parameters: $snapshot_date (DATE), $paid_from (DATE), $paid_to (DATE), $unit_digits
-- (INTEGER: 12 villages, the default; 9 towns, 6 counties, 4 prefectures, 2 provinces).
-- households and people are distinct within the unit (a household lives in one village).
-- people: the named recipient of a payment tied to a person, every member of the household
-- for a payment to the household (the staging view payment_recipients).
with paid as (
    select p.payment_id, p.household_id, p.program, p.amount_yuan, units.unit_code as village_code
    from payments as p
    inner join households as h
        on h.household_id = p.household_id
       and h.snapshot_date = $snapshot_date
    inner join village_units($snapshot_date, $unit_digits) as units
        on units.village_code = h.village_code
    where p.snapshot_date = $snapshot_date
      and p.paid_date <= $snapshot_date
      and p.paid_date between $paid_from and $paid_to
),

people_per_cell as (
    select units.unit_code as village_code, reached.program, count(distinct reached.person_id) as people
    from payment_recipients as reached
    inner join village_units($snapshot_date, $unit_digits) as units
        on units.village_code = reached.village_code
    where reached.snapshot_date = $snapshot_date
      and reached.paid_date <= $snapshot_date
      and reached.paid_date between $paid_from and $paid_to
    group by units.unit_code, reached.program
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

unit_list as (
    select unit_code as village_code, coalesce(any_value(unit_name), unit_code) as village_name
    from village_units($snapshot_date, $unit_digits)
    group by unit_code
),

cells as (
    select unit_list.village_code, unit_list.village_name, programs.program
    from unit_list
    cross join (select distinct program from paid) as programs
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
