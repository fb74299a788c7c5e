-- definition: warning_clues
-- name_zh: 预警线索（待走访，不是识别）
-- name_en: Early-warning clues (for a visit, not an identification)
-- rule_zh: 已脱贫户和一般农户（监测户）中，快照日没有未消除监测记录的户，每户每类线索一行：收入接近或低于监测线；家中有大病或残疾成员而无人有劳动能力；部门近12个月推送的记录（医疗自付超过全年纯收入的50%、新增残疾、辍学、受灾、有劳动能力的成员死亡）；6个月内到期的小额信贷；八必访中的分散供养特困单人户、低保户、大病、残疾、多名子女非义务教育阶段就学、务工不稳。线索只是走访名单，是否纳入监测由入户核实和民主评议决定。
-- rule_en: Among exited and ordinary (monitored-only) households with no open monitoring spell on the snapshot date, one row per household per kind of clue: income near or below the monitoring line; a seriously ill or disabled member where no one can work; a department's record of the last 12 months (out-of-pocket medical costs above 50 % of the yearly net income, a new disability, a dropout, a disaster, the death of a member able to work); a microloan falling due within 6 months; and the 八必访 kinds: a one-person 特困 household, a 低保 household, serious illness, disability, several children in non-compulsory schooling, unstable migrant work. A clue is a list for a visit; identification is the visit's and the village discussion's.
-- source: national (部门筛查预警 and 八必访: monitoring-rules.md §3.1, §4; thresholds in 85_monitoring.sql)
create or replace macro warning_clues(on_date) as table
with open_objects as (
    select household_id
    from monitoring_spells
    where snapshot_date = on_date and is_open
),

watched as (
    select
        h.household_id,
        h.village_code,
        h.size,
        h.attribute,
        h.income_per_capita,
        h.income_year
    from households as h
    where h.snapshot_date = on_date
      and (is_exited(h.status) or is_monitored_only(h.status))
      and h.household_id not in (select household_id from open_objects)
),

people as (
    select
        m.household_id,
        m.person_id,
        mask_name(m.name) as person_name,
        normalized_id_number(m.id_number) as id_number,
        m.health,
        m.labor,
        m.school_stage,
        m.migrant_work,
        m.migrant_months
    from members as m
    where m.snapshot_date = on_date
      and m.household_id in (select household_id from watched)
),

workers as (
    select
        household_id,
        count(*) filter (where is_able_to_work(labor)) as able,
        count(*) filter (
            where is_able_to_work(labor) and is_migrant_worker(migrant_work)
        ) as able_migrants,
        count(*) filter (
            where is_able_to_work(labor) and is_migrant_worker(migrant_work)
              and migrant_months < warning_migrant_months_min()
        ) as short_migrants,
        count(*) filter (where is_non_compulsory_student(school_stage)) as students,
        min(person_name) filter (where health in ('serious_illness', 'disabled')) as ill_name,
        min(person_name) filter (where health = 'serious_illness') as serious_name,
        min(person_name) filter (where health = 'disabled') as disabled_name
    from people
    group by household_id
),

records as (
    select
        p.household_id,
        p.person_name,
        p.labor,
        d.record_date,
        d.amount_yuan,
        department_signal(d.department, d.kind) as signal
    from department_records as d
    inner join people as p
        on p.id_number = normalized_id_number(d.id_number)
    where d.snapshot_date = on_date
      and d.record_date > cast(on_date - to_months(warning_lookback_months()) as date)
      and d.record_date <= on_date
),

by_signal as (
    select
        household_id,
        case
            when signal = 'death' and not is_able_to_work(labor) then 'death_other'
            when signal = 'death' then 'worker_death'
            else signal
        end as clue,
        min(person_name) as person_name,
        max(record_date) as record_date,
        sum(amount_yuan) as amount_yuan,
        count(*) as records
    from records
    group by all
),

clues as (
    select household_id, 'income_near_line' as clue, null::varchar as person_name,
        null::date as record_date, income_per_capita::decimal(14, 2) as amount_yuan,
        null::bigint as records
    from watched
    where income_per_capita
        <= monitoring_line(village_code, income_year) * (1 + warning_income_margin())
    union all
    select household_id, 'illness_no_labor', ill_name, null, null, null
    from workers
    where ill_name is not null and able = 0
    union all
    select s.household_id, 'medical_bill', s.person_name, s.record_date, s.amount_yuan, s.records
    from by_signal as s
    inner join watched as w on w.household_id = s.household_id
    where s.clue = 'medical_bill'
      and s.amount_yuan > warning_medical_share() * w.income_per_capita * w.size
    union all
    select household_id, clue, person_name, record_date, amount_yuan, records
    from by_signal
    where clue in ('new_disability', 'dropout', 'disaster', 'worker_death')
    union all
    select l.household_id, 'loan_due', null, min(loan_due_date(l.issued_date, l.term_months)),
        sum(l.amount_yuan)::decimal(14, 2), count(*)
    from loans as l
    where l.snapshot_date = on_date
      and l.household_id in (select household_id from watched)
      and loan_due_date(l.issued_date, l.term_months) > on_date
      and loan_due_date(l.issued_date, l.term_months)
        <= cast(on_date + to_months(loans_due_months()) as date)
    group by l.household_id
    union all
    select household_id, 'visit_tekun_alone', null, null, null, null
    from watched
    where attribute = 'tekun' and size = 1
    union all
    select household_id, 'visit_dibao', null, null, null, null
    from watched
    where attribute = 'dibao'
    union all
    select household_id, 'visit_serious_illness', serious_name, null, null, null
    from workers
    where serious_name is not null
    union all
    select household_id, 'visit_disability', disabled_name, null, null, null
    from workers
    where disabled_name is not null
    union all
    select household_id, 'visit_students', null, null, null, students
    from workers
    where students >= warning_students_min()
    union all
    select household_id, 'visit_unstable_migrant', null, null, null, short_migrants
    from workers
    where able > 0 and able_migrants = able and short_migrants > 0
)

select
    on_date as snapshot_date,
    c.household_id,
    w.village_code,
    c.clue,
    c.person_name,
    c.record_date,
    c.amount_yuan,
    c.records,
    w.income_per_capita,
    monitoring_line(w.village_code, w.income_year) as line_yuan,
    w.income_year
from clues as c
inner join watched as w on w.household_id = c.household_id;
