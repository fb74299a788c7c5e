-- The monitoring objects and the early warning's clues, once, over the contract's tables
-- (monitoring, department_records: contract v1.2). Live views (not materialised): a town's or a
-- county's monitoring rows are a few thousand. Scope: they read the scoped tables, so a viewer
-- sees the objects and clues of its own households only.

-- definition: monitoring_spells
-- name_zh: 监测记录（每户每次纳入监测一行）
-- name_en: Monitoring spells (one row per household per identification)
-- rule_zh: 监测表的每条记录，加该户所在村、户状态、是否未消除（截至快照日）、监测时长（到消除时间，未消除的到快照日），以及是否为该户最近一次纳入监测的记录。户不在快照中的记录不计。
-- rule_en: Each row of the monitoring table with the household's village and status, whether it is open on the snapshot date, how long it has run (to its elimination, or to the snapshot while open), and whether it is the household's latest spell. A spell of a household missing from the snapshot is not counted.
-- source: ours (the open_monitoring_object and monitoring_duration definitions, applied once)
create or replace view monitoring_spells as
with spells as (
    select
        m.snapshot_date,
        m.household_id,
        h.village_code,
        h.status,
        h.size,
        h.income_per_capita,
        h.income_year,
        m.object_type,
        m.identified_date,
        m.risk_types,
        m.main_risk,
        m.eliminated,
        m.eliminated_date,
        m.measures,
        is_open_monitoring_object(m.eliminated, m.eliminated_date, m.snapshot_date) as is_open
    from monitoring as m
    inner join households as h
        on h.snapshot_date = m.snapshot_date and h.household_id = m.household_id
)

select
    spells.*,
    monitoring_months(
        spells.identified_date,
        case when spells.is_open then spells.snapshot_date else spells.eliminated_date end
    ) as months_monitored,
    row_number() over (
        partition by spells.snapshot_date, spells.household_id
        order by spells.identified_date desc
    ) = 1 as is_latest,
    count(*) over (partition by spells.snapshot_date, spells.household_id) as spells
from spells;

-- definition: monitoring_households
-- name_zh: 监测对象（每户一行）
-- name_en: Monitoring objects (one row per household)
-- rule_zh: 曾纳入监测的每户一行，按其最近一次纳入监测的记录：类型、主要风险、是否已消除、帮扶措施；加人口数、有劳动能力人数（普通或技能劳动力）、是否有帮扶措施、是否有产业或就业措施、所在村和户主姓名（脱敏）。
-- rule_en: One row per household ever identified, in the state of its latest spell: kind, main risk, eliminated or not, measures; with its people, its members able to work (normal or skilled labour), whether it has any measure and any developmental (industry or employment) one, its village and its head's masked name.
-- source: ours (monitoring_spells, able_to_work, developmental_measure, household_places)
create or replace view monitoring_households as
with people as (
    select
        snapshot_date,
        household_id,
        count(*) as people,
        count(*) filter (where is_able_to_work(labor)) as able_workers
    from members
    group by snapshot_date, household_id
)

select
    s.*,
    coalesce(p.people, 0) as people,
    coalesce(p.able_workers, 0) as able_workers,
    has_monitoring_measure(s.measures) as has_measure,
    has_developmental_measure(s.measures) as has_developmental,
    place.village_name,
    place.head_name
from monitoring_spells as s
left join people as p
    on p.snapshot_date = s.snapshot_date and p.household_id = s.household_id
left join household_places as place
    on place.snapshot_date = s.snapshot_date and place.household_id = s.household_id
where s.is_latest;

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
