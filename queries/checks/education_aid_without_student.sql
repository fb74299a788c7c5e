-- id: C38
-- severity: warning
-- title_zh: 教育补助发给非在校生
-- title_en: Education aid without a student
-- explanation_zh: 教育补助只发给在校生。本年度（快照所在年度）发放的教育补助，所指成员在快照日不是在校生（小学至大学），或未指定成员而全户无在校生的，须核实。
-- explanation_en: Education aid is for pupils and students. This year's aid (the snapshot's calendar year) naming a member who is not in school on the snapshot date (primary to college), or naming no one in a household with no one in school, must be checked.
-- Grain: one row per education_aid payment dated in the snapshot's year, on or before it, whose
-- person is not in school, not a member, or (no person named) whose household has no one in
-- school. Earlier years are not judged: a pupil then may have left school since.
-- Parameters: $snapshot_date (DATE).
-- Personal data: the member's name goes through mask_name.
with students as (
    select household_id
    from member_facts
    where snapshot_date = $snapshot_date
      and is_student
)

select household_id, person_id, village_code,
    payment_said || case when person_id is null then '未指定学生，且该户无在校生'
        when not person_is_member then '所指成员 ' || person_id || ' 不在成员名单上'
        else '所指成员 ' || mask_name(person_name) || ' 不是在校生' end as detail
from payments_of_the_year($snapshot_date, 'education_aid') as aid
where case
    when person_id is null
        then not exists (select 1 from students where students.household_id = aid.household_id)
    else not coalesce(person_is_student, false)
end
order by village_code, household_id, paid_date, payment_id
