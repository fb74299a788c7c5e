-- definition: program_periods
-- name_zh: 各村各项目各年发放
-- name_en: What each program paid in each village, per year and in all
-- rule_zh: 每期每村、项目、统计期（某一年，截至快照日；或 all：快照日及以前的全部）一行：发放笔数、领款户数、户·年数、惠及人数、写明人员的领取人数、金额、最早和最晚发放日期。户和人都只属于一个村，所以各村相加就是乡镇、县的不重复户数与人数。
-- rule_en: One row per snapshot, village, program and period (a calendar year, cut at the snapshot date; or all: everything paid on or before it): payments, households paid, household-years, people reached, named recipients, yuan, first and last payment. A household and its people belong to one village, so the villages' distinct counts add up to a town's or a county's.
-- source: ours (the payment_recipients definition; /programs reads a year or all of them)
-- Read through `program_periods`: kept as a file per snapshot, it is filtered by area only; a
-- helper's account (whose scope is his own households, not villages) reads the live view.
create or replace view program_periods_live as
with paid as (
    select
        pay.snapshot_date,
        h.village_code,
        pay.program,
        pay.household_id,
        pay.person_id,
        pay.amount_yuan,
        pay.paid_date,
        year(pay.paid_date) as year
    from payments as pay
    left join households as h
        on h.snapshot_date = pay.snapshot_date and h.household_id = pay.household_id
    where pay.paid_date <= pay.snapshot_date
),

in_periods as (
    select *, cast(year as varchar) as period from paid
    union all
    select *, 'all' as period from paid
),

totals as (
    select
        snapshot_date,
        village_code,
        program,
        period,
        count(*) as payments,
        count(distinct household_id) as households,
        count(distinct (household_id, year)) as household_years,
        count(distinct person_id) as named_recipients,
        sum(amount_yuan) as yuan,
        min(paid_date) as first_paid,
        max(paid_date) as last_paid
    from in_periods
    group by snapshot_date, village_code, program, period
),

reached as (
    select snapshot_date, village_code, program, cast(year(paid_date) as varchar) as period,
        person_id
    from payment_recipients
    where paid_date <= snapshot_date
    union all
    select snapshot_date, village_code, program, 'all', person_id
    from payment_recipients
    where paid_date <= snapshot_date
),

people as (
    select snapshot_date, village_code, program, period, count(distinct person_id) as people
    from reached
    group by snapshot_date, village_code, program, period
)

select totals.*, coalesce(people.people, 0) as people
from totals
left join people
    on people.snapshot_date = totals.snapshot_date
   and people.village_code is not distinct from totals.village_code
   and people.program = totals.program
   and people.period = totals.period;
