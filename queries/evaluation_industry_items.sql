-- evaluation_industry_items: industry support (特色种养业) by program and item, in a window, for
-- the town or a village.
-- Grain: one row per program (industry_planting / industry_breeding) x item, largest yuan first.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR, NULL for the whole town),
--             $paid_from (DATE), $paid_to (DATE).
-- One payment row is one project (项目); an empty item is reported as 未注明.
-- A window of whole half-years (is_half_year_window: the evaluation's) is read from
-- program_slots' item rows; any other window is counted from the payments. Both give the same.
with from_slots as (
    select program, coalesce(entity, '未注明') as item, kind, payments, yuan, n
    from program_slots
    where is_half_year_window($paid_from, $paid_to, $snapshot_date)
      and snapshot_date = $snapshot_date
      and kind in ('item', 'item_households')
      and in_chosen_village(village_code, $village_code)
      and slots & half_year_mask($paid_from, $paid_to) <> 0
),

slotted as (
    select
        program,
        item,
        sum(payments) filter (where kind = 'item') as projects,
        sum(yuan) filter (where kind = 'item') as yuan,
        sum(n) filter (where kind = 'item_households') as households
    from from_slots
    group by program, item
),

counted as (
    select
        pay.program,
        coalesce(pay.item, '未注明') as item,
        count(*) as projects,
        sum(pay.amount_yuan) as yuan,
        count(distinct pay.household_id) as households
    from payments as pay
    inner join households as h
        on h.household_id = pay.household_id and h.snapshot_date = pay.snapshot_date
    where not is_half_year_window($paid_from, $paid_to, $snapshot_date)
      and pay.snapshot_date = $snapshot_date
      and is_industry_program(pay.program)
      and pay.paid_date <= $snapshot_date
      and pay.paid_date between $paid_from and $paid_to
      and in_chosen_village(h.village_code, $village_code)
    group by pay.program, coalesce(pay.item, '未注明')
    union all
    select * from slotted
)

select program, item, projects, yuan, households
from counted
order by yuan desc, program, item
