-- loans_by_mode: the poverty-alleviation microloans (扶贫小额信贷) by mode, with dividends.
-- Grain: one row per loan mode that has any loan (enterprise_use 户贷企用, self_use 自贷自用),
-- in that order.
-- Parameters: $snapshot_date (DATE).
-- dividends_yuan is every loan_dividend payment (户贷企用分红) made on or before the snapshot:
-- the program pays only for loans lent on to an enterprise, so it belongs to enterprise_use
-- and is NULL for self_use.
with issued as (
    select household_id, mode, amount_yuan, enterprise
    from loans
    where snapshot_date = $snapshot_date
      and issued_date <= $snapshot_date
),

dividends as (
    select sum(amount_yuan) as yuan, count(distinct household_id) as households
    from payments
    where snapshot_date = $snapshot_date
      and paid_date <= $snapshot_date
      and program = 'loan_dividend'
)

select
    issued.mode,
    count(*) as loans,
    count(distinct issued.household_id) as households,
    sum(issued.amount_yuan) as yuan,
    count(distinct issued.enterprise) as enterprises,
    case when issued.mode = 'enterprise_use' then coalesce(any_value(dividends.yuan), 0) end
        as dividends_yuan,
    case when issued.mode = 'enterprise_use' then coalesce(any_value(dividends.households), 0) end
        as dividend_households
from issued
cross join dividends
group by issued.mode
order by array_position(['enterprise_use', 'self_use'], issued.mode) nulls last, issued.mode
