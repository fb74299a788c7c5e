-- industry_by_item: industry support (特色种养业) by unit (village, or the next level down
-- above a town: a county's towns), program and item.
-- Grain: one row per unit × program (industry_planting / industry_breeding) × item, for
-- payments paid between $paid_from and $paid_to inclusive; largest yuan first. village_code
-- holds the unit's code (left(village_code, $unit_digits), the village_units macro),
-- village_name its name.
-- Parameters: $snapshot_date (DATE), $paid_from (DATE), $paid_to (DATE), $unit_digits
-- (INTEGER: 12 villages, the default; 9 towns, 6 counties, 4 prefectures, 2 provinces).
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
    units.unit_code as village_code,
    coalesce(any_value(units.unit_name), units.unit_code) as village_name,
    with_village.program,
    with_village.item,
    count(*) as projects,
    sum(with_village.amount_yuan) as yuan,
    count(distinct with_village.household_id) as households
from with_village
inner join village_units($snapshot_date, $unit_digits) as units
    on units.village_code = with_village.village_code
group by units.unit_code, with_village.program, with_village.item
order by yuan desc, units.unit_code, with_village.item
