-- industry_items: the town's industry support by program and item (花生, 养鸡, 小龙虾 …).
-- Grain: one row per program × item paid in the period; largest yuan first.
-- Parameters: $snapshot_date (DATE), $paid_from (DATE), $paid_to (DATE), both ends inclusive.
-- item is NULL where the payment does not say what it bought; the page labels it.
-- One payment row is one project (项目); households are distinct within the row.
with industry_payments as (
    select p.household_id, p.program, p.item, p.amount_yuan
    from payments as p
    where p.snapshot_date = $snapshot_date
      and p.program in ('industry_planting', 'industry_breeding')
      and p.paid_date between $paid_from and $paid_to
)

select
    i.program,
    i.item,
    count(*) as projects,
    sum(i.amount_yuan) as yuan,
    count(distinct i.household_id) as households
from industry_payments as i
group by i.program, i.item
order by yuan desc, i.program, i.item nulls last
