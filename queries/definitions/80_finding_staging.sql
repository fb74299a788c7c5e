-- Staging views for the logic checks (queries/checks/): the joins several rules share, written
-- once. Like the views of 60_household_staging.sql they span every snapshot (filter on
-- snapshot_date) and apply the definitions above instead of re-deriving them.

-- definition: members_with_household
-- name_zh: 成员及其所在户
-- name_en: Members with their household
-- rule_zh: 每名成员一行（含成员判定中的年龄和各项判定），加上从身份证号码读出的内容（规范化的号码、格式是否正确，格式正确时号码中的出生日期和性别），所在户的村代码、户状态、户属性、主要致贫原因，以及该户是否在册、已脱贫、已清退。户表中没有其所在户的成员也保留：户的各项为空，既不算在册也不算清退，成员自身的错误（如身份证号码）照样要查。
-- rule_en: One row per member (with the age and flags of members with their rules applied), plus what its ID number says (the number normalized, whether it is well formed, and when it is the birth date and sex it holds), its household's village, status, attribute and main cause, and whether that household is registered, exited or removed. A member whose household is missing from the households table is kept with those columns NULL, counted neither registered nor removed: the member's own errors (an ID number, say) still count.
-- source: ours (the join the member-level logic checks share)
-- Members with their household's place and the ID number's rules read (/quality's checks).
-- materialised: order by village_code, household_id, person_id; scope members
create or replace view members_with_household as
select
    member.*,
    normalized_id_number(member.id_number) as id_number_normalized,
    is_well_formed_id_number(member.id_number) as id_number_is_well_formed,
    case
        when is_well_formed_id_number(member.id_number)
            then id_number_birth_date(member.id_number)
    end as id_birth_date,
    case when is_well_formed_id_number(member.id_number) then id_number_sex(member.id_number) end
    as id_sex,
    case
        when is_well_formed_id_number(member.id_number)
            then id_number_check_character(member.id_number)
    end as id_expected_check,
    household.village_code,
    household.status as household_status,
    household.attribute as household_attribute,
    household.main_cause as household_main_cause,
    coalesce(is_registered(household.status), false) as household_is_registered,
    coalesce(is_exited(household.status), false) as household_is_exited,
    coalesce(is_removed(household.status), false) as household_is_removed
from member_facts as member
left join households as household
    on household.snapshot_date = member.snapshot_date
   and household.household_id = member.household_id;

-- definition: households_with_helpers
-- name_zh: 贫困户及其帮扶人是否落实
-- name_en: Households with their helpers checked against the roster
-- rule_zh: 每户一行：帮扶责任人一栏是否填的是本期帮扶人名单上的市级或镇级帮扶责任人，村级联系人一栏是否填的是名单上的村级联系人。为空、不在名单上或级别不对的都算未落实。
-- rule_en: One row per household: whether its helper column names a city- or town-level responsible helper of the snapshot's roster, and whether its village-contact column names a village contact of it. Empty, not on the roster, or of the wrong level all count as not assigned.
-- source: ours (每户落实一名帮扶责任人和一名村级联系人, as the report's helper figures count them)
create or replace view households_with_helpers as
with responsible_helpers as (
    select snapshot_date, helper_id
    from helpers
    where is_responsible_helper(level)
),

village_contacts as (
    select snapshot_date, helper_id
    from helpers
    where is_village_contact(level)
)

select
    household.*,
    responsible_helpers.helper_id is not null as has_responsible_helper,
    village_contacts.helper_id is not null as has_village_contact
from households as household
left join responsible_helpers
    on responsible_helpers.snapshot_date = household.snapshot_date
   and responsible_helpers.helper_id = household.helper_id
left join village_contacts
    on village_contacts.snapshot_date = household.snapshot_date
   and village_contacts.helper_id = household.village_contact_id;

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
