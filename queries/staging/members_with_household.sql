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
