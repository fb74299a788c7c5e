-- household_payments: every benefit paid to one household up to a snapshot.
-- Grain: one row per payment, newest first.
-- Parameters: $household_id (VARCHAR), $snapshot_date (DATE).
-- The person a payment is tied to is shown masked (first character and two asterisks).
select
    p.paid_date,
    p.program,
    p.item,
    p.amount_yuan,
    mask_name(m.name) as person_name,
    p.batch,
    p.payment_id
from payments as p
left join members as m
    on m.snapshot_date = p.snapshot_date and m.person_id = p.person_id
where p.snapshot_date = $snapshot_date
  and p.household_id = $household_id
  and p.paid_date <= $snapshot_date
order by p.paid_date desc, p.payment_id
