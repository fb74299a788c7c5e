-- definition: member_facts
-- name_zh: 成员（含判定）
-- name_en: Members with their rules applied
-- rule_zh: 每名成员一行：快照日年龄，是否义务教育阶段适龄、失学辍学、在校生、劳动年龄、有劳动能力、外出务工。
-- rule_en: One row per member: age on the snapshot date, and whether of compulsory-school age, out of school, a student, of working age, able to work, a migrant worker.
-- source: ours (the definitions above, applied once)
-- materialised: order by household_id, person_id; scope members
create or replace view member_facts as
with aged as (
    select m.*, age_on(m.birth_date, m.snapshot_date) as age
    from members as m
)

select
    aged.*,
    is_compulsory_school_age(aged.age) as is_compulsory_school_age,
    is_child_out_of_school(aged.age, aged.school_stage, aged.education) as is_out_of_school,
    is_student(aged.school_stage) as is_student,
    is_working_age(aged.age) as is_working_age,
    is_able_to_work(aged.labor) as is_able_to_work,
    is_migrant_worker(aged.migrant_work) as is_migrant_worker
from aged;
