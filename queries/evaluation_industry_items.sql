-- evaluation_industry_items: industry support (特色种养业) by program and item, in a window, for
-- the town or a village.
-- Grain: one row per program (industry_planting / industry_breeding) x item, largest yuan first.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR, NULL for the whole town),
--             $paid_from (DATE), $paid_to (DATE).
-- One payment row is one project (项目); an empty item is reported as 未注明.
select
    pay.program,
    coalesce(pay.item, '未注明') as item,
    count(*) as projects,
    sum(pay.amount_yuan) as yuan,
    count(distinct pay.household_id) as households
from payments as pay
inner join households as h
    on h.household_id = pay.household_id and h.snapshot_date = pay.snapshot_date
where pay.snapshot_date = $snapshot_date
  and is_industry_program(pay.program)
  and pay.paid_date <= $snapshot_date
  and pay.paid_date between $paid_from and $paid_to
  and ($village_code::varchar is null or h.village_code = $village_code::varchar)
group by pay.program, coalesce(pay.item, '未注明')
order by yuan desc, pay.program, item
