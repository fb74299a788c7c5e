-- id: C37
-- severity: warning
-- title_zh: 疑似重复发放
-- title_en: Possibly paid twice
-- explanation_zh: 同一户、同一项目、同一人（或均未指定人）、同一金额、同一天发放了两次以上，疑似重复发放：核对发放凭证，重复的予以追回或删除重复记录。
-- explanation_en: The same household, program, person (or none), amount and day paid two or more times looks like a double payment: check the vouchers; recover the money or delete the duplicate row.
-- Grain: one row per (household, program, person, amount, paid_date) paid more than once on or
-- before the snapshot date; payments naming different people (two pupils of one household) are
-- not repeats.
-- Parameters: $snapshot_date (DATE).
with repeated as (
    select
        household_id,
        person_id,
        program,
        amount_yuan,
        paid_date,
        count(*) as payments,
        string_agg(payment_id, '、' order by payment_id) as payment_ids
    from payments
    where snapshot_date = $snapshot_date
      and paid_date <= $snapshot_date::date
    group by household_id, person_id, program, amount_yuan, paid_date
    having count(*) > 1
)

select
    r.household_id,
    r.person_id,
    h.village_code,
    strftime(r.paid_date, '%Y-%m-%d') || ' ' || case r.program
        when 'education_aid' then '教育补助'
        when 'rainbow_plan' then '雨露计划'
        when 'transport_subsidy' then '外出务工交通补助'
        when 'housing_renovation' then '危房改造'
        when 'industry_planting' then '特色种植'
        when 'industry_breeding' then '特色养殖'
        when 'pv_income' then '光伏收益'
        when 'loan_dividend' then '户贷企用分红'
        when 'public_welfare_job' then '公益性岗位'
        when 'health_aid' then '健康扶贫'
        else r.program
    end
    || ' ' || r.amount_yuan || ' 元发放 '
    || r.payments || ' 次：' || r.payment_ids as detail
from repeated as r
left join households as h
    on h.household_id = r.household_id
   and h.snapshot_date = $snapshot_date
order by h.village_code, r.household_id, r.paid_date
