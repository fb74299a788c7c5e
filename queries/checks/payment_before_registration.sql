-- id: C36
-- severity: error
-- title_zh: 发放时尚未识别为贫困户
-- title_en: Paid before the household was registered
-- explanation_zh: 扶贫资金只能发给已建档立卡的贫困户。发放年度早于该户识别年度，或该户不在本期名单上的，须核实资金去向，必要时追回。
-- explanation_en: Poverty funds go only to registered households. A payment in a year before the household's identified year, or to a household absent from this snapshot, must be checked and, if need be, recovered.
-- Grain: one row per payment on or before the snapshot date whose paid_date's year is before the
-- household's identified_year, or whose household is not in the snapshot's households.
-- Parameters: $snapshot_date (DATE).
select
    p.household_id,
    p.person_id,
    h.village_code,
    '支付 ' || p.payment_id || '：' || strftime(p.paid_date, '%Y-%m-%d') || ' 发放 '
    || p.amount_yuan || ' 元（' || case p.program
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
    || '），'
    || case
        when h.household_id is null then '该户不在本期贫困户名单上'
        else '该户识别年度为 ' || h.identified_year
    end as detail
from payments as p
left join households as h
    on h.household_id = p.household_id
   and h.snapshot_date = p.snapshot_date
where p.snapshot_date = $snapshot_date
  and p.paid_date <= $snapshot_date::date
  and (h.household_id is null or year(p.paid_date) < h.identified_year)
order by h.village_code, p.household_id, p.paid_date, p.payment_id
