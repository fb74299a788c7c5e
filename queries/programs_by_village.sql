-- programs_by_village: each benefit program in each unit (village, or the next level down
-- above a town: a county's towns) over one period.
-- Grain: one row per unit x program, for every unit of the snapshot and every program that
-- paid anything in the period (zeros included, so a unit that got nothing shows 0); units in
-- code order, programs in contract order. village_code holds the unit's code
-- (left(village_code, $unit_digits), the village_units macro), village_name its name.
-- Parameters: $snapshot_date (DATE), $period (VARCHAR: 'all' or a year, as programs_in_period),
-- $unit_digits (INTEGER: 12 villages, the default; 9 towns, 6 counties, 4 prefectures, 2
-- provinces).
-- households and people are distinct within the unit (a household lives in one village).
-- people: the named recipient of a payment tied to a person, every member of the household
-- for a payment to the household (the staging view payment_recipients).
-- Added up from program_periods (one row per village, program and period).
with totals as (
    select
        units.unit_code as village_code,
        paid.program,
        sum(paid.payments) as payments,
        sum(paid.households) as households,
        sum(paid.people) as people,
        sum(paid.yuan) as yuan
    from program_periods as paid
    inner join village_units($snapshot_date, $unit_digits) as units
        on units.village_code = paid.village_code
    where paid.snapshot_date = $snapshot_date
      and paid.period = $period
    group by units.unit_code, paid.program
),

unit_list as (
    select unit_code as village_code, unit_name as village_name
    from unit_names($snapshot_date, $unit_digits)
),

cells as (
    select unit_list.village_code, unit_list.village_name, programs.program
    from unit_list
    cross join (select distinct program from totals) as programs
)

select
    cells.village_code,
    cells.village_name,
    cells.program,
    cast(coalesce(totals.payments, 0) as bigint) as payments,
    cast(coalesce(totals.households, 0) as bigint) as households,
    cast(coalesce(totals.people, 0) as bigint) as people,
    coalesce(totals.yuan, 0) as yuan
from cells
left join totals
    on totals.village_code = cells.village_code
   and totals.program = cells.program
order by
    cells.village_code,
    program_order(cells.program) nulls last,
    cells.program
