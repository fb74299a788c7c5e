-- id: C42
-- severity: error
-- title_zh: 发放金额为零或负数
-- title_en: Payment of zero or a negative amount
-- explanation_zh: 发放金额应大于零。为零或负数的，多为冲账、退款记录混入发放台账，或金额漏填：请核实并单独记录。
-- explanation_en: An amount paid is above zero. Zero or less is usually a reversal or refund mixed into the ledger, or a missing amount: check it and record reversals apart.
-- Grain: one row per payment on or before the snapshot date with amount_yuan <= 0.
-- Parameters: $snapshot_date (DATE).
select
    p.household_id,
    p.person_id,
    h.village_code,
    '支付 ' || p.payment_id || '：' || strftime(p.paid_date, '%Y-%m-%d') || ' ' || case p.program
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
        else p.program
    end
    || ' 金额 ' || p.amount_yuan || ' 元' as detail
from payments as p
left join households as h
    on h.household_id = p.household_id
   and h.snapshot_date = p.snapshot_date
where p.snapshot_date = $snapshot_date
  and p.paid_date <= $snapshot_date::date
  and p.amount_yuan <= 0
order by h.village_code, p.household_id, p.payment_id
