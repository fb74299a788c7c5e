-- loans_due_soon: microloans whose term ends within the months after the snapshot date.
-- Grain: one row per loan with $snapshot_date < due date <= $snapshot_date + $months_ahead
-- months, where due date = issued_date + term_months; soonest first.
-- Parameters: $snapshot_date (DATE), $months_ahead (INTEGER).
-- Personal data: the head's name is masked here (first character and two asterisks,
-- by the data layer's mask_name macro); id_number is never selected.
with heads as (
    select household_id, min(mask_name(name)) as head_name
    from members
    where snapshot_date = $snapshot_date
      and relation = 'head'
    group by household_id
),

due as (
    select
        loan_id,
        household_id,
        mode,
        amount_yuan,
        issued_date,
        term_months,
        enterprise,
        cast(issued_date + to_months(term_months) as date) as due_date
    from loans
    where snapshot_date = $snapshot_date
      and issued_date <= $snapshot_date
)

select
    due.loan_id,
    due.household_id,
    h.village_code,
    v.village_name,
    h.group_name,
    heads.head_name,
    due.mode,
    due.enterprise,
    due.amount_yuan,
    due.issued_date,
    due.term_months,
    due.due_date,
    datediff('day', $snapshot_date, due.due_date) as days_left
from due
left join households as h
    on h.household_id = due.household_id
   and h.snapshot_date = $snapshot_date
left join villages as v
    on v.village_code = h.village_code
   and v.snapshot_date = $snapshot_date
left join heads on heads.household_id = due.household_id
where due.due_date > $snapshot_date
  and due.due_date <= cast($snapshot_date + to_months($months_ahead) as date)
order by due.due_date, v.village_code, due.household_id, due.loan_id
