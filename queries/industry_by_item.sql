-- industry_by_item: industry support (特色种养业) by village, program and item.
-- Grain: one row per village × program (industry_planting / industry_breeding) × item,
-- for payments paid between $paid_from and $paid_to inclusive; largest yuan first.
-- Parameters: $snapshot_date (DATE), $paid_from (DATE), $paid_to (DATE).
-- One payment row is one project (项目), as the report counts them.
with industry_payments as (
    select p.household_id, p.program, coalesce(p.item, '未注明') as item, p.amount_yuan
    from payments as p
    where p.snapshot_date = $snapshot_date
      and is_industry_program(p.program)
      and p.paid_date between $paid_from and $paid_to
),

with_village as (
    select
        h.village_code,
        industry.household_id,
        industry.program,
        industry.item,
        industry.amount_yuan
    from industry_payments as industry
    inner join households as h
        on h.household_id = industry.household_id and h.snapshot_date = $snapshot_date
)

select
    with_village.village_code,
    v.village_name,
    with_village.program,
    with_village.item,
    count(*) as projects,
    sum(with_village.amount_yuan) as yuan,
    count(distinct with_village.household_id) as households
from with_village
inner join villages as v
    on v.village_code = with_village.village_code and v.snapshot_date = $snapshot_date
group by with_village.village_code, v.village_name, with_village.program, with_village.item
order by yuan desc, with_village.village_code, with_village.item
