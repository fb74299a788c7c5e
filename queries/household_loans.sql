-- household_loans: the microloans (扶贫小额信贷) of one household up to a snapshot.
-- Grain: one row per loan, newest first.
-- Parameters: $household_id (VARCHAR), $snapshot_date (DATE).
select
    l.issued_date,
    l.mode,
    l.amount_yuan,
    l.term_months,
    loan_due_date(l.issued_date, l.term_months) as due_date,
    l.enterprise,
    l.loan_id
from loans as l
where l.snapshot_date = $snapshot_date
  and l.household_id = $household_id
  and l.issued_date <= $snapshot_date
order by l.issued_date desc, l.loan_id
