-- definition: payments_with_household
-- name_zh: 发放记录及其领款户、所指成员
-- name_en: Payments with their household and the member they name
-- rule_zh: 每条发放记录一行：项目的中文名，是否在快照日或之前发放；领款户是否在本期贫困户名单上、其村代码和识别年度；所指成员（若有）是否在成员名单上、属于哪一户、姓名、出生日期、在校生状况、是否在校生、是否职业教育在读。
-- rule_en: One row per payment: the program's Chinese name, whether it was paid on or before the snapshot date; whether the household paid is on the snapshot's list, its village and identified year; whether the member it names (if any) is on the member list, that member's household, name, birth date, school stage, and whether a student or a vocational student.
-- source: ours (the join the payment-level logic checks share; program names as in data/reference/code_labels.csv)
create or replace view payments_with_household as
select
    payment.*,
    case payment.program
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
        else payment.program
    end as program_zh,
    payment.paid_date <= payment.snapshot_date as is_paid_by_snapshot,
    household.household_id is not null as household_is_listed,
    household.village_code,
    household.identified_year as household_identified_year,
    member.person_id is not null as person_is_member,
    member.household_id as person_household_id,
    member.name as person_name,
    member.birth_date as person_birth_date,
    member.school_stage as person_school_stage,
    member.is_student as person_is_student,
    is_vocational_student(member.school_stage) as person_is_vocational_student
from payments as payment
left join households as household
    on household.snapshot_date = payment.snapshot_date
   and household.household_id = payment.household_id
left join member_facts as member
    on member.snapshot_date = payment.snapshot_date
   and member.person_id = payment.person_id;
