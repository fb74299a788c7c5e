-- evaluation_loans: microcredit (扶贫小额信贷) by mode on a snapshot, for the town or a village.
-- Grain: one row per loan mode that has a loan (enterprise_use first, then self_use).
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR, NULL for the whole town),
--             $issued_from (DATE), $issued_to (DATE): the period whose new loans are counted.
-- households / yuan count every loan issued on or before the snapshot; *_in_period those issued
-- in the period; dividends_yuan (户贷企用分红) is every loan_dividend payment on or before the
-- snapshot, on the enterprise_use row.
with scoped_households as (
    select household_id
    from households
    where snapshot_date = $snapshot_date
      and in_chosen_village(village_code, $village_code)
),

scoped_loans as (
    select l.*
    from loans as l
    inner join scoped_households as h on h.household_id = l.household_id
    where l.snapshot_date = $snapshot_date
      and l.issued_date <= $snapshot_date
),

dividends as (
    select coalesce(sum(pay.amount_yuan), 0) as yuan
    from payments as pay
    inner join scoped_households as h on h.household_id = pay.household_id
    where pay.snapshot_date = $snapshot_date
      and pay.program = 'loan_dividend'
      and pay.paid_date <= $snapshot_date
)

select
    l.mode,
    count(*) as loans,
    count(distinct l.household_id) as households,
    sum(l.amount_yuan) as yuan,
    count(*) filter (where l.issued_date between $issued_from and $issued_to) as loans_in_period,
    coalesce(sum(l.amount_yuan) filter (where l.issued_date between $issued_from and $issued_to), 0)
        as yuan_in_period,
    case when l.mode = 'enterprise_use' then any_value(dividends.yuan) end as dividends_yuan
from scoped_loans as l
cross join dividends
group by l.mode
order by case l.mode when 'enterprise_use' then 1 when 'self_use' then 2 else 3 end
