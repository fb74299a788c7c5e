-- definition: training_slots
-- name_zh: 各村各培训课程按半年的参训人
-- name_en: Who attended each course in which half-years, per village
-- rule_zh: 每期每村、每门课程：只在本村户中的参训人按其参训的半年位图（见“发放的半年序号”）合为一行，记人数；在几个村的户中都有的参训人各一行，带其位图。只计本期成员名单上的人（按其所在户的村）、快照日及以前的培训。
-- rule_en: Per snapshot, village and course: people of this village's households only, one row per mask of the half-years they attended in (see half_year_slot) with how many share it; people listed in households of more than one village one row each with their mask. People on the snapshot's members list (by their household's village), trainings on or before the snapshot date.
-- source: ours (evaluation_trainings: 参加培训人数)
-- Read through `training_slots`: kept as a file per snapshot, filtered by area only; a helper's
-- account reads the live view.
create or replace view training_slots_live as
-- Materialised, so that the planner joins each member to his household first: left free, it
-- paired every training with every household of the snapshot (their one shared column).
with member_villages as materialized (
    select m.snapshot_date, m.person_id, h.village_code
    from members as m
    inner join households as h
        on h.household_id = m.household_id and h.snapshot_date = m.snapshot_date
),

attended as (
    select
        t.snapshot_date,
        place.village_code,
        t.course,
        t.person_id,
        bit_or(half_year_bit(half_year_slot(t.training_date))) as slots
    from trainings as t
    inner join member_villages as place
        on place.person_id = t.person_id and place.snapshot_date = t.snapshot_date
    where t.training_date <= t.snapshot_date
    group by t.snapshot_date, place.village_code, t.course, t.person_id
),

placed as (
    select *, count(*) over (partition by snapshot_date, course, person_id) as villages
    from attended
)

select snapshot_date, village_code, course, 'people' as kind, null::varchar as entity, slots,
    count(*) as n
from placed
where villages = 1
group by snapshot_date, village_code, course, slots
union all
select snapshot_date, village_code, course, 'person', person_id, slots, 1
from placed
where villages > 1;
