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
-- Personal data: names are masked (first character and two asterisks).
with registered as (
    select household_id, village_code, helper_id, village_contact_id
    from households
    where snapshot_date = $snapshot_date
      and status <> 'removed'
),

served_villages as (
    select distinct helper_id, village_code
    from (
        select helper_id, village_code from registered where helper_id is not null
        union all
        select village_contact_id, village_code
        from registered
        where village_contact_id is not null
    )
),

poor_people as (
    select m.person_id, m.household_id, trim(m.name) as name, r.village_code
    from members as m
    inner join registered as r on r.household_id = m.household_id
    where m.snapshot_date = $snapshot_date
      and length(trim(m.name)) > 1
)

select
    pp.household_id,
    pp.person_id,
    pp.village_code,
    case p.level when 'village' then '村级联系人 ' else '帮扶责任人 ' end
    || p.helper_id || '（' || p.unit || '）与本村贫困户成员同名：'
    || left(pp.name, 1) || '**' as detail
from helpers as p
inner join served_villages as s on s.helper_id = p.helper_id
inner join poor_people as pp
    on pp.village_code = s.village_code
   and pp.name = trim(p.name)
where p.snapshot_date = $snapshot_date
order by pp.village_code, p.helper_id, pp.person_id
