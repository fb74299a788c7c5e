-- id: C15
-- severity: warning
-- title_zh: 因学致贫但无在校生
-- title_en: Poor through schooling costs, yet no student
-- explanation_zh: 主要致贫原因为“因学”，却没有一名成员在校（小学至大学，不含学前）：或学生已毕业、致贫原因应随之调整，或在校生状况漏填。
-- explanation_en: The main cause is schooling costs (因学) but no member is in school (primary to college; preschool not counted): the student may have left school and the cause should change, or the school stage was left out.
-- Grain: one row per registered household whose main_cause is education with no member in
-- school on the snapshot.
-- Parameters: $snapshot_date (DATE).
-- not_in_source: rows <- households.main_cause
select household_id, cast(null as varchar) as person_id, village_code,
    '主要致贫原因：因学；' || count(*) || ' 名成员中无在校生' as detail
from registered_members_of($snapshot_date)
where household_main_cause = 'education'
group by household_id, village_code
having not bool_or(is_student)
order by village_code, household_id
