-- loans_by_enterprise: the businesses that use 户贷企用 loans, and the dividends paid on them.
-- Grain: one row per enterprise named on an enterprise_use loan (NULL for such loans with no
-- enterprise written), plus one row with enterprise NULL and no loan when dividends went to
-- households without any enterprise_use loan; largest loan sum first.
-- Parameters: $snapshot_date (DATE).
-- A household's loan_dividend payments are shared among its enterprise_use loans in proportion
-- to their amounts, so the dividends of all rows add up to every dividend paid.
with enterprise_loans as (
    select household_id, enterprise, amount_yuan
    from loans
    where snapshot_date = $snapshot_date
      and issued_date <= $snapshot_date
      and mode = 'enterprise_use'
),

household_loan_totals as (
    select household_id, sum(amount_yuan) as household_yuan
    from enterprise_loans
    group by household_id
),

household_dividends as (
    select household_id, sum(amount_yuan) as dividends_yuan
    from payments
    where snapshot_date = $snapshot_date
      and paid_date <= $snapshot_date
      and program = 'loan_dividend'
    group by household_id
),

loan_shares as (
    select
        enterprise_loans.enterprise,
        enterprise_loans.household_id,
        enterprise_loans.amount_yuan,
        coalesce(hd.dividends_yuan, 0) * enterprise_loans.amount_yuan / hlt.household_yuan as dividends_yuan
    from enterprise_loans
    inner join household_loan_totals as hlt on hlt.household_id = enterprise_loans.household_id
    left join household_dividends as hd on hd.household_id = enterprise_loans.household_id
),

per_enterprise as (
    select
        enterprise,
        count(*) as loans,
        count(distinct household_id) as households,
        sum(amount_yuan) as yuan,
        round(sum(dividends_yuan), 2) as dividends_yuan
    from loan_shares
    group by enterprise
),

unlinked as (
    select
        cast(null as varchar) as enterprise,
        0 as loans,
        count(distinct hd.household_id) as households,
        0 as yuan,
        sum(hd.dividends_yuan) as dividends_yuan
    from household_dividends as hd
    where hd.household_id not in (select household_id from household_loan_totals)
    having count(*) > 0
)

select
    enterprise,
    loans,
    households,
    cast(yuan as decimal(18, 2)) as yuan,
    cast(dividends_yuan as decimal(18, 2)) as dividends_yuan
from (
    select * from per_enterprise
    union all
    select * from unlinked
)
order by yuan desc, enterprise nulls last
