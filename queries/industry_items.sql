-- industry_items: the town's industry support by program and item (花生, 养鸡, 小龙虾 …).
-- Grain: one row per program × item paid in the period; largest yuan first.
-- Parameters: $snapshot_date (DATE), $paid_from (DATE), $paid_to (DATE), both ends inclusive.
-- The payments are the table macro industry_payments_between's (its own staging file).
-- item is NULL where the payment does not say what it bought; the page labels it.
-- One payment row is one project (项目); households are distinct within the row.
select program, item,
    count(*) as projects, sum(amount_yuan) as yuan, count(distinct household_id) as households
from industry_payments_between($snapshot_date, $paid_from, $paid_to)
group by program, item
order by yuan desc, program, item nulls last
