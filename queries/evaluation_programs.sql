-- evaluation_programs: what each benefit program paid in a window, for the town or a village.
-- Grain: one row per program that paid anything between $paid_from and $paid_to inclusive
-- (and on or before the snapshot), plus one row `industry` for both industry programs together
-- (特色种养业: its distinct households are not the sum of the two programs'), largest yuan first.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR, NULL for the whole town),
--             $paid_from (DATE), $paid_to (DATE).
-- payments: one row is one 项目 for industry support; household_years: distinct
-- (household, year paid), as the report counts "户" over several years; people: distinct named
-- recipients (person_id); batches: distinct 申报批次.
-- A window of whole half-years (every window of the evaluation: is_half_year_window) is read
-- from program_slots, rows per mask of half-years instead of a province's five million payments;
-- any other window is counted from the payments themselves. Both give the same rows.
with from_slots as (
    select *, slots & half_year_mask($paid_from, $paid_to) as shared
    from program_slots
    where is_half_year_window($paid_from, $paid_to, $snapshot_date)
      and snapshot_date = $snapshot_date
      and in_chosen_village(village_code, $village_code)
      and slots & half_year_mask($paid_from, $paid_to) <> 0
),

-- Households and one-village recipients are rows of a mask with how many share it (n); a
-- recipient paid in several villages has a row in each and is counted distinct, as batches are.
-- One aggregate with filters for every kind of distinct count took ten times longer.
slot_people as (
    select program, count(distinct entity) as people
    from from_slots
    where kind = 'person'
    group by program
),

slot_batches as (
    select program, count(distinct entity) as batches
    from from_slots
    where kind = 'batch'
    group by program
),

slotted as (
    select
        totals.program,
        totals.payments,
        totals.households,
        totals.household_years,
        totals.people + coalesce(slot_people.people, 0) as people,
        totals.yuan,
        coalesce(slot_batches.batches, 0) as batches
    from (
        select
            program,
            sum(payments) filter (where kind = 'slot') as payments,
            coalesce(sum(n) filter (where kind = 'households'), 0) as households,
            coalesce(
                sum(n * bit_count(half_year_mask_years(shared))) filter (where kind = 'households'),
                0
            ) as household_years,
            coalesce(sum(n) filter (where kind = 'people'), 0) as people,
            sum(yuan) filter (where kind = 'slot') as yuan
        from from_slots
        where kind in ('slot', 'households', 'people')
        group by program
    ) as totals
    left join slot_people on slot_people.program = totals.program
    left join slot_batches on slot_batches.program = totals.program
),

paid as (
    select pay.household_id, pay.person_id, pay.program, pay.amount_yuan, pay.paid_date, pay.batch
    from payments as pay
    inner join households as h
        on h.household_id = pay.household_id and h.snapshot_date = pay.snapshot_date
    where not is_half_year_window($paid_from, $paid_to, $snapshot_date)
      and pay.snapshot_date = $snapshot_date
      and pay.paid_date <= $snapshot_date
      and pay.paid_date between $paid_from and $paid_to
      and in_chosen_village(h.village_code, $village_code)
),

grouped as (
    select program as program, * exclude (program) from paid
    union all
    select 'industry' as program, * exclude (program)
    from paid
    where is_industry_program(program)
),

counted as (
    select
        program,
        count(*) as payments,
        count(distinct household_id) as households,
        count(distinct (household_id, year(paid_date))) as household_years,
        count(distinct person_id) as people,
        sum(amount_yuan) as yuan,
        count(distinct batch) as batches
    from grouped
    group by program
    union all
    select * from slotted
)

select program, payments, households, household_years, people, yuan, batches
from counted
order by yuan desc, program
