-- id: C39
-- severity: warning
-- title_zh: 雨露计划补助对象不是职业院校在校生
-- title_en: Rainbow Plan paid to someone not in vocational school
-- explanation_zh: 雨露计划补助就读中职、高职的贫困家庭学生。本年度发放的，所指成员在快照日不在中职或高职就读（或未指定成员）的，须核实。
-- explanation_en: The Rainbow Plan (雨露计划) supports students of poor households in secondary or higher vocational school. This year's payments naming a member not in vocational school on the snapshot date (or naming no one) must be checked.
-- Grain: one row per rainbow_plan payment dated in the snapshot's year, on or before it, whose
-- person is missing, not a member, or not in secondary or higher vocational school.
-- Parameters: $snapshot_date (DATE).
-- Personal data: the member's name goes through mask_name.
select household_id, person_id, village_code,
    payment_said || case when person_id is null then '未指定学生'
        when not person_is_member then '所指成员 ' || person_id || ' 不在成员名单上'
        else '所指成员 ' || mask_name(person_name) || ' 的在校生状况不是中职或高职' end as detail
from payments_of_the_year($snapshot_date, 'rainbow_plan')
where not coalesce(person_is_vocational_student, false)
order by village_code, household_id, paid_date, payment_id
