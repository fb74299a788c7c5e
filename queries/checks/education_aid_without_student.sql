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
with students as (
    select person_id, household_id, name
    from members
    where snapshot_date = $snapshot_date
      and school_stage not in ('none', 'preschool')
),

aid as (
    select *
    from payments
    where snapshot_date = $snapshot_date
      and program = 'education_aid'
      and paid_date <= $snapshot_date::date
      and year(paid_date) = year($snapshot_date::date)
)

select
    a.household_id,
    a.person_id,
    h.village_code,
    '支付 ' || a.payment_id || '：' || strftime(a.paid_date, '%Y-%m-%d') || ' 教育补助 '
    || a.amount_yuan || ' 元，'
    || case
        when a.person_id is null then '未指定学生，且该户无在校生'
        when m.person_id is null then '所指成员 ' || a.person_id || ' 不在成员名单上'
        else '所指成员 ' || left(m.name, 1) || '** 不是在校生'
    end as detail
from aid as a
left join members as m
    on m.person_id = a.person_id
   and m.snapshot_date = $snapshot_date
left join households as h
    on h.household_id = a.household_id
   and h.snapshot_date = $snapshot_date
where case
    when a.person_id is null
        then not exists (select 1 from students as s where s.household_id = a.household_id)
    else not exists (select 1 from students as s where s.person_id = a.person_id)
end
order by h.village_code, a.household_id, a.paid_date, a.payment_id
