-- evaluation_programs: what each benefit program paid in each of the report's windows, for the
-- area or a village.
-- Grain: one row per window and program that paid anything between the window's paid_from and
-- paid_to inclusive (and on or before the snapshot), plus one row `industry` for both industry
-- programs together (特色种养业: its distinct households are not the sum of the two
-- programs'); by window, then largest yuan first.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR, NULL for the whole area),
--             $paid_windows (a list of {window_name VARCHAR, paid_from DATE, paid_to DATE}).
-- One pass over the payments for every window (a province pays 5 million times a snapshot):
-- each payment is counted in every window it falls in.
-- payments: one row is one 项目 for industry support; household_years: distinct
-- (household, year paid), as the report counts "户" over several years; people: distinct named
-- recipients (person_id); batches: distinct 申报批次.
with paid as (
    select pay.household_id, pay.person_id, pay.program, pay.amount_yuan, pay.paid_date, pay.batch
    from payments as pay
    inner join households as h
        on h.household_id = pay.household_id and h.snapshot_date = pay.snapshot_date
    where pay.snapshot_date = $snapshot_date
      and pay.paid_date <= $snapshot_date
      and ($village_code::varchar is null or h.village_code = $village_code::varchar)
),

windows as (
    select unnest($paid_windows, recursive := true)
),

in_windows as (
    select windows.window_name, paid.*
    from paid
    inner join windows on paid.paid_date between windows.paid_from and windows.paid_to
),

grouped as (
    select window_name, program as program, * exclude (window_name, program) from in_windows
    union all
    select window_name, 'industry' as program, * exclude (window_name, program)
    from in_windows
    where is_industry_program(program)
)

select
    window_name,
    program,
    count(*) as payments,
    count(distinct household_id) as households,
    count(distinct (household_id, year(paid_date))) as household_years,
    count(distinct person_id) as people,
    sum(amount_yuan) as yuan,
    count(distinct batch) as batches
from grouped
group by window_name, program
order by window_name, yuan desc, program
