-- industry_items: the town's industry support by program and item (花生, 养鸡, 小龙虾 …).
-- Grain: one row per program × item paid in the period; largest yuan first.
-- Parameters: $snapshot_date (DATE), $paid_from (DATE), $paid_to (DATE), both ends inclusive.
-- item is NULL where the payment does not say what it bought; the page labels it.
-- One payment row is one project (项目); households are distinct within the row.
with industry_payments as (
    select p.household_id, p.program, p.item, p.amount_yuan
    from payments as p
    where p.snapshot_date = $snapshot_date
      and is_industry_program(p.program)
      and p.paid_date between $paid_from and $paid_to
)

select
    program,
    item,
    count(*) as projects,
    sum(amount_yuan) as yuan,
    count(distinct household_id) as households
from industry_payments
group by program, item
order by yuan desc, program, item nulls last
