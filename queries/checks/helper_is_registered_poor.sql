-- id: C27
-- severity: warning
-- title_zh: 帮扶人与所帮扶村的贫困人口同名
-- title_en: Helper with the same name as a registered poor person where they help
-- explanation_zh: 贫困人口本人不应担任帮扶责任人或村级联系人。帮扶人名单没有身份证号码，只能按姓名比对：帮扶人的姓名与其所帮扶户所在村的某名贫困人口完全相同的，列出待核实；同名不同人的，核实后可忽略。
-- explanation_en: A registered poor person should not be anyone's helper or village contact. The helper roster has no ID numbers, so names are compared: a helper whose full name equals that of a registered poor person in a village where the helper serves is listed to be checked; a namesake can be dismissed after checking.
-- Grain: one row per (helper, poor person) pair where the helper's trimmed full name equals the
-- member's, the member's household is registered, and it lies in a village of at least one
-- household the helper serves (as helper_id or as village_contact_id). Names of one character
-- are not compared: too many namesakes.
-- Parameters: $snapshot_date (DATE).
-- Personal data: names go through mask_name.
with served_villages as (
    select distinct helper_id, village_code
    from (
        select helper_id, village_code
        from registered_households_of($snapshot_date)
        where helper_id is not null
        union all
        select village_contact_id, village_code
        from registered_households_of($snapshot_date)
        where village_contact_id is not null
    )
),

-- Each helper's trimmed name beside each village it serves, so that the poor are matched on
-- village and name at once (joined on the village alone, a province's 400,000 helper-villages
-- times each village's poor is 80 million rows).
served_names as (
    select helper.helper_id, helper.level, helper.unit, trim(helper.name) as name, served.village_code
    from helpers as helper
    inner join served_villages as served on served.helper_id = helper.helper_id
    where helper.snapshot_date = $snapshot_date
      and length(trim(helper.name)) > 1
),

poor_people as (
    select person_id, household_id, trim(name) as name, village_code
    from registered_members_of($snapshot_date)
    where length(trim(name)) > 1
)

select
    poor_people.household_id,
    poor_people.person_id,
    poor_people.village_code,
    case when is_village_contact(helper.level) then '村级联系人 ' else '帮扶责任人 ' end
    || helper.helper_id || '（' || helper.unit || '）与本村贫困户成员同名：'
    || mask_name(poor_people.name) as detail
from served_names as helper
inner join poor_people
    on poor_people.village_code = helper.village_code
   and poor_people.name = helper.name
order by poor_people.village_code, helper.helper_id, poor_people.person_id
