-- id: C41
-- severity: error
-- title_zh: 补助所指成员不属于领款户
-- title_en: Payment naming a person of another household
-- explanation_zh: 发给个人的补助（学生、公益性岗位等）应记在其本人所在户下。所指成员属于另一户的，须核实是记错户还是发错人。
-- explanation_en: A benefit tied to one person (a pupil, a post holder) is recorded under that person's household. One naming a member of another household was recorded under the wrong household or paid to the wrong person: check which.
-- Grain: one row per payment on or before the snapshot date whose person_id is a member of a
-- household other than the payment's.
-- Parameters: $snapshot_date (DATE).
-- Personal data: the member's name is masked (first character and two asterisks).
select
    p.household_id,
    p.person_id,
    h.village_code,
    '支付 ' || p.payment_id || '（' || case p.program
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
    || '，' || p.amount_yuan || ' 元）记在本户，所指成员 '
    || left(m.name, 1) || '** 属于 ' || m.household_id || ' 户' as detail
from payments as p
inner join members as m
    on m.person_id = p.person_id
   and m.snapshot_date = p.snapshot_date
left join households as h
    on h.household_id = p.household_id
   and h.snapshot_date = p.snapshot_date
where p.snapshot_date = $snapshot_date
  and p.paid_date <= $snapshot_date::date
  and m.household_id <> p.household_id
order by h.village_code, p.household_id, p.payment_id
