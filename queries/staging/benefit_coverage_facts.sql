-- definition: benefit_coverage
-- name_zh: 应享政策覆盖情况
-- name_en: Whether a member owed a benefit got it
-- rule_zh: 每名应享成员与其应享项目各一行（含所在户的村组、户主、是否在册）：在校生应享教育补助，职业教育在读应享雨露计划，外出务工人员应享外出务工交通补助。统计期内（见“政策覆盖统计期”）有发给本人的、或发给本户而未写人员的发放，即为已覆盖；另给出本户在统计期内是否领过该项目、本人最近一次领取的日期。
-- rule_en: One row per member and benefit they are owed (with their household's place, head and whether it is registered): education aid for a student, the Rainbow Plan for a vocational student, the transport subsidy for a migrant worker. They are covered when a payment of it paid in the coverage window named them, or named no one and went to their household; also whether their household got it in the window at all, and when they last got it.
-- source: ours (the benefit_window definition; 脱贫不脱政策: exited households stay entitled)
-- Kept as a file per snapshot (benefit_coverage_facts, with the names as they are written);
-- benefit_coverage masks them on every read, as the reader may see them.
-- Each member owed a benefit and whether it reached them (names kept as written, masked by
-- the benefit_coverage view on every read): /programs' coverage gaps.
-- materialised: order by program, village_code, household_id, person_id; scope members
create or replace view benefit_coverage_facts as
with entitled as (
    select person.*, owed.program
    from member_facts as person
    inner join (values ('education_aid'), ('rainbow_plan'), ('transport_subsidy')) as owed (program)
        on (owed.program = 'education_aid' and person.is_student)
        or (owed.program = 'rainbow_plan' and is_vocational_student(person.school_stage))
        or (owed.program = 'transport_subsidy' and person.is_migrant_worker)
),

paid as (
    select
        snapshot_date,
        household_id,
        person_id,
        program,
        paid_date,
        paid_in_window(paid_date, snapshot_date) as in_window
    from payments
    where program in ('education_aid', 'rainbow_plan', 'transport_subsidy')
      and paid_date <= snapshot_date
),

per_person as (
    select
        snapshot_date,
        person_id,
        program,
        bool_or(in_window) as paid_in_window,
        max(paid_date) as last_paid_date
    from paid
    where person_id is not null
    group by snapshot_date, person_id, program
),

per_household as (
    select
        snapshot_date,
        household_id,
        program,
        bool_or(in_window) as paid_in_window,
        bool_or(in_window and person_id is null) as paid_household_only_in_window
    from paid
    group by snapshot_date, household_id, program
)

select
    entitled.snapshot_date,
    entitled.household_id,
    place.village_code,
    place.village_name,
    place.group_name,
    heads.head_name_unmasked,
    place.status,
    place.is_registered,
    entitled.person_id,
    entitled.name as member_name_unmasked,
    entitled.school_stage,
    entitled.migrant_work,
    entitled.migrant_months,
    entitled.program,
    coalesce(per_person.paid_in_window, false)
        or coalesce(per_household.paid_household_only_in_window, false) as is_covered,
    coalesce(per_household.paid_in_window, false) as household_paid_in_window,
    per_person.last_paid_date
from entitled
inner join household_places as place
    on place.snapshot_date = entitled.snapshot_date and place.household_id = entitled.household_id
left join household_heads_unmasked as heads
    on heads.snapshot_date = entitled.snapshot_date and heads.household_id = entitled.household_id
left join per_person
    on per_person.snapshot_date = entitled.snapshot_date
   and per_person.person_id = entitled.person_id
   and per_person.program = entitled.program
left join per_household
    on per_household.snapshot_date = entitled.snapshot_date
   and per_household.household_id = entitled.household_id
   and per_household.program = entitled.program;
