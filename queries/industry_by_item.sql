-- industry_by_item: industry support (特色种养业) by village, program and item.
-- Grain: one row per village × program (industry_planting / industry_breeding) × item,
-- for payments paid between $paid_from and $paid_to inclusive; largest yuan first.
-- Parameters: $snapshot_date (DATE), $paid_from (DATE), $paid_to (DATE).
-- One payment row is one project (项目), as the report counts them.
with industry_payments as (
    select p.household_id, p.program, coalesce(p.item, '未注明') as item, p.amount_yuan
    from payments as p
    where p.snapshot_date = $snapshot_date
      and p.program in ('industry_planting', 'industry_breeding')
      and p.paid_date between $paid_from and $paid_to
),

with_village as (
    select h.village_code, i.household_id, i.program, i.item, i.amount_yuan
    from industry_payments as i
    inner join households as h
        on h.household_id = i.household_id and h.snapshot_date = $snapshot_date
)

select
    w.village_code,
    v.village_name,
    w.program,
    w.item,
    count(*) as projects,
    sum(w.amount_yuan) as yuan,
    count(distinct w.household_id) as households
from with_village as w
inner join villages as v on v.village_code = w.village_code and v.snapshot_date = $snapshot_date
group by w.village_code, v.village_name, w.program, w.item
order by yuan desc, w.village_code, w.item
