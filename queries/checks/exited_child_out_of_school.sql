-- id: C04
-- severity: error
-- title_zh: 已脱贫户有义务教育阶段适龄儿童失学
-- title_en: Exited household with a child of compulsory-school age out of school
-- explanation_zh: 义务教育有保障：6至15周岁（按快照日计）的儿童未完成初中的，应当在校。在校生状况为“非在校生”或“学前”、文化程度低于初中的，须劝返复学或更正记录；已读完初中的15岁少年不算。
-- explanation_en: Compulsory education must be secured: a child aged 6 to 15 on the snapshot date who has not finished junior school should be in school. One recorded as not in school (or in preschool) with education below junior: bring the child back to school or correct the record. A 15-year-old who has completed junior school does not count.
-- Grain: one row per member of an exited household who is out of school
-- (member_facts.is_out_of_school: the definition child_out_of_school).
-- Parameters: $snapshot_date (DATE).
-- Personal data: the child's name goes through mask_name.
-- not_in_source: rows <- members.education
select
    household_id,
    person_id,
    village_code,
    '已脱贫户成员 ' || mask_name(name) || '，' || age || '岁，在校生状况：'
    || case school_stage when 'preschool' then '学前' else '非在校生' end
    || '，文化程度：' || case education when 'illiterate' then '文盲或半文盲' else '小学' end
    as detail
from registered_members_of($snapshot_date)
where household_is_exited
  and is_out_of_school
order by village_code, household_id, person_id
