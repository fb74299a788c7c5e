-- loans_due_soon: microloans whose term ends within the months after the snapshot date.
-- Grain: one row per loan with $snapshot_date < due date <= $snapshot_date + loans_due_months()
-- months (the loans_due_window definition, 6 months), where due date is the loan_due_date
-- definition (issued_date + term_months); soonest first.
-- Parameters: $snapshot_date (DATE).
-- Personal data: the head's name is masked by the staging view household_places; id_number is
-- never selected.
with due as (
    select
        loan_id,
        household_id,
        mode,
        amount_yuan,
        issued_date,
        term_months,
        enterprise,
        loan_due_date(issued_date, term_months) as due_date
    from loans
    where snapshot_date = $snapshot_date
      and issued_date <= $snapshot_date
)

select
    due.loan_id,
    due.household_id,
    place.village_code,
    place.village_name,
    place.group_name,
    place.head_name,
    due.mode,
    due.enterprise,
    due.amount_yuan,
    due.issued_date,
    due.term_months,
    due.due_date,
    datediff('day', $snapshot_date, due.due_date) as days_left
from due
left join household_places as place
    on place.household_id = due.household_id
   and place.snapshot_date = $snapshot_date
where due.due_date > $snapshot_date
  and due.due_date <= cast($snapshot_date + to_months(loans_due_months()) as date)
order by due.due_date, place.village_code, due.household_id, due.loan_id
