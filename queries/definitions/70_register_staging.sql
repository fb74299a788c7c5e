-- Staging views the register's lists and tallies share: who heads a household and where it
-- lives, who answers for it, whom a payment reached, and which benefit a member is owed.
-- Like 60_household_staging.sql, one row per row of what they stage, over every snapshot
-- (filter on snapshot_date as with the tables). Created after the contract's tables.

-- definition: group_number
-- name_zh: 村民组序号
-- name_en: A villager group's number
-- rule_zh: 村民组名称中的中文数字换成序号排序：“三组”→3，“十一组”→11，“二十组”→20；不是数字命名的组没有序号，排在最后。
-- rule_en: A villager group is ordered by the Chinese numeral in its name: 三组 → 3, 十一组 → 11, 二十组 → 20; a group not named by a number has none and comes last.
-- source: ours (村民组 are named 一组, 二组 … in the register)
create or replace macro group_number(group_name) as try_cast(
    replace(
        regexp_replace(
            regexp_replace(
                translate(
                    regexp_replace(trim(group_name), '组$', ''),
                    '一二三四五六七八九',
                    '123456789'
                ),
                '^十',
                '1十'
            ),
            '十$',
            '十0'
        ),
        '十',
        ''
    ) as integer
);

-- definition: program_order
-- name_zh: 帮扶项目顺序
-- name_en: The order of the benefit programs
-- rule_zh: 帮扶项目按数据契约中的顺序列出：教育补助、雨露计划、外出务工交通补助、危房改造、特色种植、特色养殖、光伏收益、户贷企用分红、公益性岗位、健康扶贫；契约之外的项目排在最后。
-- rule_en: Programs are listed in the data contract's order: education aid, Rainbow Plan, transport subsidy, housing renovation, industry planting, industry breeding, solar income, loan dividend, public-welfare job, health aid; a program outside the contract comes last.
-- source: ours (data contract, payments.program)
create or replace macro program_order(program) as array_position(
    [
        'education_aid', 'rainbow_plan', 'transport_subsidy', 'housing_renovation',
        'industry_planting', 'industry_breeding', 'pv_income', 'loan_dividend',
        'public_welfare_job', 'health_aid'
    ],
    program
);

-- definition: administrative_village
-- name_zh: 行政村
-- name_en: An administrative village
-- rule_zh: 村居类型为“行政村”或“水上村”；航运公司、渔场、社区不是行政村。
-- rule_en: A unit of kind village or water_village; a shipping company, a fishery or a community is not.
-- source: report (F10: 辖9个行政村（其中水上村2个）、1个航运公司、1个渔场)
create or replace macro is_administrative_village(kind) as kind in ('village', 'water_village');

-- definition: helper_level_order
-- name_zh: 帮扶人级别顺序
-- name_en: The order of helper levels
-- rule_zh: 帮扶人按级别列出：市级、镇级、村级；其他级别排在最后。
-- rule_en: Helpers are listed by level: city, town, village; any other level comes last.
-- source: report (F12–F13: 市镇帮扶责任人, then 村级联系人)
create or replace macro helper_level_order(level) as coalesce(
    array_position(['city', 'town', 'village'], level), 4
);

-- definition: register_flows
-- name_zh: 两期之间的变动
-- name_en: Changes between two snapshots
-- rule_zh: 比较同一户在前后两期的户状态：新识别＝后期在册而前期不在册；新脱贫＝后期已脱贫而前期不是（或前期不在）；新返贫＝后期返贫而前期不是；清退/减少＝前期在册而后期不在册（清退或已不在快照中）。不在某期快照中的户，其该期户状态为空。
-- rule_en: The same household's status on an earlier and a later snapshot: new = registered later, not earlier; exit = exited later, not earlier (or absent); relapse = relapsed later, not earlier; removal = registered earlier, not later (removed or gone). A household absent from a snapshot has a NULL status there.
-- source: ours, after the 建档立卡 动态管理 (新识别, 脱贫, 返贫, 清退/自然减少)
create or replace macro became_registered(status_before, status_after) as
    coalesce(is_registered(status_after), false)
    and not coalesce(is_registered(status_before), false);
create or replace macro became_exited(status_before, status_after) as
    coalesce(is_exited(status_after), false) and not coalesce(is_exited(status_before), false);
create or replace macro became_relapsed(status_before, status_after) as
    coalesce(is_relapsed(status_after), false) and not coalesce(is_relapsed(status_before), false);
create or replace macro left_register(status_before, status_after) as
    coalesce(is_registered(status_before), false)
    and not coalesce(is_registered(status_after), false);

-- definition: loan_due_date
-- name_zh: 贷款到期日
-- name_en: A loan's due date
-- rule_zh: 放款日加贷款期限（月）。
-- rule_en: The issue date plus the term in months.
-- source: ours (扶贫小额信贷 terms are in whole months)
create or replace macro loan_due_date(issued_date, term_months) as
    cast(issued_date + to_months(term_months) as date);

-- definition: household_heads
-- name_zh: 户主姓名（脱敏）
-- name_en: The head of each household, masked
-- rule_zh: 每户一行：与户主关系为“户主”的成员姓名，经姓名脱敏规则处理；一户登记了多个户主时取排序最前者。
-- rule_en: One row per household: the name of its member whose relation is head, masked by the masked-name rule; a household with more than one head recorded shows the first in sort order.
-- source: ours (the masked-name rule above, applied once)
create or replace view household_heads_unmasked as
select snapshot_date, household_id, min(name) as head_name_unmasked
from members
where relation = 'head'
group by snapshot_date, household_id;

create or replace view household_heads as
select snapshot_date, household_id, mask_name(head_name_unmasked) as head_name
from household_heads_unmasked;

-- definition: household_places
-- name_zh: 贫困户所在村组
-- name_en: Where each household lives, and its head
-- rule_zh: 每户一行：户的全部字段，加所在村居名称和户主姓名（脱敏），以及是否在册（清退户不在册）。
-- rule_en: One row per household: its columns, with the name of its village-level unit, its head's masked name, and whether it is registered (removed households are not).
-- source: ours (the registered and household_heads definitions, applied once)
create or replace view household_places as
select
    h.*,
    v.village_name,
    heads.head_name,
    is_registered(h.status) as is_registered,
    is_not_exited(h.status) as is_not_exited
from households as h
left join villages as v
    on v.snapshot_date = h.snapshot_date and v.village_code = h.village_code
left join household_heads as heads
    on heads.snapshot_date = h.snapshot_date and heads.household_id = h.household_id;

-- definition: helper_households
-- name_zh: 帮扶人所帮扶的户
-- name_en: The households each helper answers for
-- rule_zh: 花名册上每名帮扶人与其负责的在册户各一行：帮扶责任人（市、镇级）按户的帮扶责任人编号，村级联系人按户的村级联系人编号；编号不在花名册上的户不属于任何人。每行带该帮扶人最近一次走访该户的日期。
-- rule_en: One row per helper on the roster and registered household they answer for: a responsible helper (city or town) through households.helper_id, a village contact through households.village_contact_id; an id missing from the roster belongs to no one. Each row carries the helper's latest visit to the household.
-- source: report (每名帮扶责任人帮扶3—5户; 村级联系人 per household)
-- Each helper's households with his latest visit to each: /helpers' roster, loads, units.
-- materialised: order by village_code, helper_id, household_id; scope payments (by the household answered for)
create or replace view helper_households as
-- From household_facts: each helper's latest visit to the household rides along (the own
-- helper's last_visit_date, the village contact's contact_last_visit_date), so nothing that
-- reads this goes back to the snapshot's millions of visits.
with answering as (
    select snapshot_date, household_id, village_code, status, helper_id as answering_id,
        true as as_helper, last_visit_date as last_visit
    from household_facts
    where is_registered
    union all
    select snapshot_date, household_id, village_code, status, village_contact_id, false,
        contact_last_visit_date
    from household_facts
    where is_registered
)

select
    roster.snapshot_date,
    roster.helper_id,
    roster.level,
    roster.unit,
    answering.household_id,
    answering.village_code,
    answering.status,
    is_not_exited(answering.status) as is_not_exited,
    answering.last_visit
from helpers as roster
inner join answering
    on answering.snapshot_date = roster.snapshot_date
   and answering.answering_id = roster.helper_id
where (answering.as_helper and is_responsible_helper(roster.level))
   or (not answering.as_helper and is_village_contact(roster.level));

-- definition: helper_loads
-- name_zh: 帮扶责任人帮扶户数
-- name_en: Each helper's load
-- rule_zh: 花名册上每名帮扶人一行：负责的在册户数、其中未脱贫户数；帮扶责任人按“每人帮扶3至5户”判定偏少、达标、超标，村级联系人不判定。
-- rule_en: One row per helper on the roster: the registered households they answer for, those of them not exited, and for a responsible helper where that stands against the 3–5 households rule (village contacts have no such rule).
-- source: report (每名帮扶责任人帮扶3—5户)
create or replace view helper_loads as
-- A household is answered for once per helper (through helper_id or village_contact_id, which
-- a helper's level tells apart), so counting rows counts distinct households.
with counted as (
    select
        snapshot_date,
        helper_id,
        count(*) as households,
        count(*) filter (where is_not_exited) as remaining_households
    from helper_households
    group by snapshot_date, helper_id
)

select
    r.*,
    coalesce(counted.households, 0) as households,
    coalesce(counted.remaining_households, 0) as remaining_households,
    case
        when is_responsible_helper(r.level) then helper_load(coalesce(counted.households, 0))
    end as load
from helpers as r
left join counted
    on counted.snapshot_date = r.snapshot_date and counted.helper_id = r.helper_id;

-- definition: visit_months
-- name_zh: 各村每月走访次数
-- name_en: Visits per village, helper level, kind and month
-- rule_zh: 每期每村、户是否在册、帮扶人层级（不在花名册上的走访人为空）、走访方式、月份一行：该村这些户在该月（快照日及以前）被走访的次数。
-- rule_en: One row per snapshot, village, whether the household is registered, helper level (NULL for a visitor not on the roster), visit kind and calendar month: how many visits those households had that month, dated on or before the snapshot.
-- source: ours (the report's 走访 counts by month; a province's snapshot holds 28 million visits)
-- Read through `visit_months`: kept as a file per snapshot, it is filtered by area only; a
-- helper's account (whose scope is his own households, not villages) reads the live view.
create or replace view visit_months_live as
select
    v.snapshot_date,
    h.village_code,
    is_registered(h.status) as is_registered,
    roster.level,
    v.kind,
    cast(date_trunc('month', v.visit_date) as date) as month,
    count(*) as visits
from visits as v
inner join households as h
    on h.snapshot_date = v.snapshot_date and h.household_id = v.household_id
left join helpers as roster
    on roster.snapshot_date = v.snapshot_date and roster.helper_id = v.helper_id
where v.visit_date <= v.snapshot_date
group by all;

-- Visits added up per village, helper level, kind and month (the visits themselves are
-- 28 million rows in a province's latest snapshot): /helpers' months, the deck's visits.
-- materialised: order by village_code, month; scope area (a helper's account reads visit_months_live)
create or replace view visit_months as
select * from visit_months_live;

-- definition: payment_recipients
-- name_zh: 发放惠及人员
-- name_en: Whom a payment reached
-- rule_zh: 每笔发放与其惠及的人各一行：发给个人的是该人；发给户的（未写人员编号）是该户当期的每名成员。每行带领款户及其所在村。
-- rule_en: One row per payment and person it reached: the named recipient of a payment tied to a person; every member of the household for a payment to the household (no person_id). Each row keeps the household paid and its village.
-- source: ours (the report counts 人次 of students and post holders, and households otherwise)
-- Whom each payment reached: a province's 5 million payments reach 12 million people;
-- counting them distinct per program and village is the slow part of /programs.
-- materialised: order by program, paid_date, village_code; scope payments (by the household paid)
create or replace view payment_recipients as
with reached as (
    select pay.snapshot_date, pay.payment_id, pay.household_id, pay.program, pay.paid_date, pay.person_id
    from payments as pay
    where pay.person_id is not null
    union all
    select pay.snapshot_date, pay.payment_id, pay.household_id, pay.program, pay.paid_date, m.person_id
    from payments as pay
    inner join members as m
        on m.snapshot_date = pay.snapshot_date and m.household_id = pay.household_id
    where pay.person_id is null
)

select reached.*, h.village_code
from reached
left join households as h
    on h.snapshot_date = reached.snapshot_date and h.household_id = reached.household_id;

-- definition: helper_village_visits
-- name_zh: 帮扶人在各村的最近走访
-- name_en: Each helper's latest visit in each village
-- rule_zh: 每期每名走访过的人、每个村一行：他最近一次走访该村在册户的日期（快照日及以前）。
-- rule_en: One row per snapshot, visitor and village: their latest visit to a registered household of the village, on or before the snapshot.
-- source: ours (the deck counts the helpers who visited in the period)
-- Read through `helper_village_visits`: a file per snapshot read by area; a helper's account
-- reads the live view.
create or replace view helper_village_visits_live as
select v.snapshot_date, h.village_code, v.helper_id, max(v.visit_date) as last_visit
from visits as v
inner join households as h
    on h.snapshot_date = v.snapshot_date and h.household_id = v.household_id
where v.visit_date <= v.snapshot_date
  and is_registered(h.status)
group by v.snapshot_date, h.village_code, v.helper_id;

-- Each visitor's latest visit per village: the deck's helpers who visited in the period.
-- materialised: order by village_code, helper_id; scope area (a helper reads helper_village_visits_live)
create or replace view helper_village_visits as
select * from helper_village_visits_live;

-- definition: program_periods
-- name_zh: 各村各项目各年发放
-- name_en: What each program paid in each village, per year and in all
-- rule_zh: 每期每村、项目、统计期（某一年，截至快照日；或 all：快照日及以前的全部）一行：发放笔数、领款户数、户·年数、惠及人数、写明人员的领取人数、金额、最早和最晚发放日期。户和人都只属于一个村，所以各村相加就是乡镇、县的不重复户数与人数。
-- rule_en: One row per snapshot, village, program and period (a calendar year, cut at the snapshot date; or all: everything paid on or before it): payments, households paid, household-years, people reached, named recipients, yuan, first and last payment. A household and its people belong to one village, so the villages' distinct counts add up to a town's or a county's.
-- source: ours (the payment_recipients definition; /programs reads a year or all of them)
-- Read through `program_periods`: kept as a file per snapshot, it is filtered by area only; a
-- helper's account (whose scope is his own households, not villages) reads the live view.
create or replace view program_periods_live as
with paid as (
    select
        pay.snapshot_date,
        h.village_code,
        pay.program,
        pay.household_id,
        pay.person_id,
        pay.amount_yuan,
        pay.paid_date,
        year(pay.paid_date) as year
    from payments as pay
    left join households as h
        on h.snapshot_date = pay.snapshot_date and h.household_id = pay.household_id
    where pay.paid_date <= pay.snapshot_date
),

in_periods as (
    select *, cast(year as varchar) as period from paid
    union all
    select *, 'all' as period from paid
),

totals as (
    select
        snapshot_date,
        village_code,
        program,
        period,
        count(*) as payments,
        count(distinct household_id) as households,
        count(distinct (household_id, year)) as household_years,
        count(distinct person_id) as named_recipients,
        sum(amount_yuan) as yuan,
        min(paid_date) as first_paid,
        max(paid_date) as last_paid
    from in_periods
    group by snapshot_date, village_code, program, period
),

reached as (
    select snapshot_date, village_code, program, cast(year(paid_date) as varchar) as period,
        person_id
    from payment_recipients
    where paid_date <= snapshot_date
    union all
    select snapshot_date, village_code, program, 'all', person_id
    from payment_recipients
    where paid_date <= snapshot_date
),

people as (
    select snapshot_date, village_code, program, period, count(distinct person_id) as people
    from reached
    group by snapshot_date, village_code, program, period
)

select totals.*, coalesce(people.people, 0) as people
from totals
left join people
    on people.snapshot_date = totals.snapshot_date
   and people.village_code is not distinct from totals.village_code
   and people.program = totals.program
   and people.period = totals.period;

-- What each program paid per village, year and in all: /programs' periods add villages up.
-- materialised: order by period, village_code, program; scope area (a helper reads program_periods_live)
create or replace view program_periods as
select * from program_periods_live;

-- definition: payment_repeats
-- name_zh: 疑似重复发放（同户同项目同金额同日）
-- name_en: Payments repeated on one day
-- rule_zh: 每期每组（户、项目、金额、发放日期）在快照日及以前发放两次以上的一行：笔数、涉及的不同人数、合计金额、发放编号与人员编号（按发放编号排列）。同户两名学生同日领同额补助也会列入，人数可以区分。
-- rule_en: One row per snapshot and (household, program, amount, paid date) paid two or more times on or before the snapshot date: payments, distinct people named, total yuan, the payment ids and the person ids (in payment-id order). Two pupils of one household paid the same sum on one day are listed too; the count of people tells them apart.
-- source: ours (不重不漏; /programs' double payments; check C37 also requires the same person)
-- Candidates first, by a hash of the repeated key (as check C37 does): a province pays 5 million
-- times a snapshot, and grouping them all by four columns to join the repeats back took 5 s; a
-- hash shared by chance only lets more rows into the exact grouping, which keeps the real ones.
-- Payments repeated by household, program, amount and day: /programs' double payments.
-- materialised: order by paid_date, household_id; scope payments (by the household paid)
create or replace view payment_repeats as
with paid as (
    select
        snapshot_date,
        payment_id,
        household_id,
        program,
        amount_yuan,
        paid_date,
        person_id,
        hash(snapshot_date, household_id, program, amount_yuan, paid_date) as identity
    from payments
    where paid_date <= snapshot_date
),

candidates as (
    select identity
    from paid
    group by identity
    having count(*) > 1
),

repeated as (
    select
        snapshot_date,
        household_id,
        program,
        amount_yuan,
        paid_date,
        count(*) as payments,
        count(distinct person_id) as distinct_people,
        sum(amount_yuan) as total_yuan,
        string_agg(payment_id, ', ' order by payment_id) as payment_ids,
        string_agg(coalesce(person_id, '-'), ', ' order by payment_id) as person_ids
    from paid
    where identity in (select identity from candidates)
    group by snapshot_date, household_id, program, amount_yuan, paid_date
    having count(*) > 1
)

select * from repeated;

-- definition: program_slots
-- name_zh: 各村各项目按半年的领款户、人、批次
-- name_en: Who each program paid in which half-years, per village
-- rule_zh: 每期每村、项目（另有特色种养业合计 industry）一组行：每个有发放的半年一行（笔数、金额）；领款户按其领款的半年位图（见“发放的半年序号”）合为一行，记户数；只在本村领款的写明领取人同样按位图合为一行，记人数；在几个村都领款的领取人和每个申报批次各一行，带其位图；两项产业项目另按品种各有行（每半年的项目数、金额，按位图合并的户数）。只计本期名单上的户、快照日及以前的发放。半年讲评的任一窗口由此得出笔数、金额、不重复户数、户·年数、人数和批次数。
-- rule_en: Per snapshot, village and program (and industry, both industry programs together): one row per half-year with payments (count, yuan); households paid, one row per mask of the half-years they were paid in (see half_year_slot) with how many share it; named recipients paid in this village only, likewise one row per mask with how many; recipients paid in more than one village and batches one row each with its mask; the two industry programs also by item (projects, yuan per half-year; households per mask). Households on the snapshot's list and payments on or before the snapshot date only. Any window of the half-year evaluation reads its payments, yuan, distinct households, household-years, people and batches from these rows.
-- source: ours (evaluation_programs; the report's windows: 本期, 本年, 近两年, 近三年, 去年以来)
-- Read through `program_slots`: kept as a file per snapshot, it is filtered by area only; a
-- helper's account (whose scope is his own households, not villages) reads the live view.
-- Households and one-village recipients are counted, not listed (`n`): a province's five
-- million rows of names become about two million, and no personal id is kept.
create or replace view program_slots_live as
with paid as (
    select
        pay.snapshot_date,
        h.village_code,
        pay.program,
        pay.household_id,
        pay.person_id,
        pay.batch,
        pay.item,
        pay.amount_yuan,
        half_year_slot(pay.paid_date) as slot
    from payments as pay
    inner join households as h
        on h.snapshot_date = pay.snapshot_date and h.household_id = pay.household_id
    where pay.paid_date <= pay.snapshot_date
),

programs as (
    select * from paid
    union all
    select * replace ('industry' as program) from paid where is_industry_program(program)
),

items as (
    select * from paid where is_industry_program(program)
),

households_paid as (
    select snapshot_date, village_code, program, bit_or(half_year_bit(slot)) as slots
    from programs
    group by snapshot_date, village_code, program, household_id
),

people_paid as (
    select
        snapshot_date,
        village_code,
        program,
        person_id,
        bit_or(half_year_bit(slot)) as slots,
        count(*) over (partition by snapshot_date, program, person_id) as villages
    from programs
    where person_id is not null
    group by snapshot_date, village_code, program, person_id
)

select
    snapshot_date, village_code, program, 'slot' as kind, cast(slot as varchar) as entity,
    half_year_bit(slot) as slots, count(*) as payments, sum(amount_yuan) as yuan, 1::bigint as n
from programs
group by snapshot_date, village_code, program, slot
union all
select snapshot_date, village_code, program, 'households', null, slots, null, null, count(*)
from households_paid
group by snapshot_date, village_code, program, slots
union all
select snapshot_date, village_code, program, 'people', null, slots, null, null, count(*)
from people_paid
where villages = 1
group by snapshot_date, village_code, program, slots
union all
select snapshot_date, village_code, program, 'person', person_id, slots, null, null, 1
from people_paid
where villages > 1
union all
select
    snapshot_date, village_code, program, 'batch', batch,
    bit_or(half_year_bit(slot)), null, null, 1
from programs
where batch is not null
group by snapshot_date, village_code, program, batch
-- The two industry programs by item (entity; NULL when not written): projects and yuan per
-- half-year, and households per mask of half-years, as above (evaluation_industry_items).
union all
select
    snapshot_date, village_code, program, 'item', item,
    half_year_bit(slot), count(*), sum(amount_yuan), 1
from items
group by snapshot_date, village_code, program, item, slot
union all
select snapshot_date, village_code, program, 'item_households', item, slots, null, null, count(*)
from (
    select snapshot_date, village_code, program, item, bit_or(half_year_bit(slot)) as slots
    from items
    group by snapshot_date, village_code, program, item, household_id
)
group by snapshot_date, village_code, program, item, slots;

-- Who each program paid in which half-years (bit masks) per village: the half-year
-- evaluation's windows count distinct households and people from them (evaluation_programs).
-- materialised: order by program, kind, village_code; scope area (a helper reads program_slots_live)
create or replace view program_slots as
select * from program_slots_live;

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

-- Who attended each course in which half-years, per village: the evaluation's trainings.
-- materialised: order by course, kind, village_code; scope area (a helper reads training_slots_live)
create or replace view training_slots as
select * from training_slots_live;

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

create or replace view benefit_coverage as
select
    * exclude (head_name_unmasked, member_name_unmasked),
    mask_name(head_name_unmasked) as head_name,
    mask_name(member_name_unmasked) as member_name
from benefit_coverage_facts;

-- definition: village_totals
-- name_zh: 各村居在册与未脱贫户数、贫困发生率
-- name_en: Each unit's register and incidence
-- rule_zh: 每个村居（含没有贫困户的）每期一行：在册户数与人数、已脱贫户数、未脱贫户数与人数；贫困发生率＝未脱贫人口÷该村户籍人口（人口为0时为空）。
-- rule_en: One row per village-level unit (also those without a poor household) per snapshot: registered households and people, exited households, not-exited households and people; incidence (贫困发生率) = not-exited people / the unit's registered population (NULL when that is 0).
-- source: national (贫困发生率 = 贫困人口 / 户籍人口), counted with household_facts
create or replace view village_totals as
with per_village as (
    select
        snapshot_date,
        village_code,
        count(*) as households,
        sum(people) as people,
        count(*) filter (where is_exited) as exited_households,
        count(*) filter (where is_not_exited) as not_exited_households,
        coalesce(sum(people) filter (where is_not_exited), 0) as not_exited_people
    from household_facts
    where is_registered
    group by snapshot_date, village_code
)

select
    units.*,
    coalesce(per_village.households, 0) as households,
    coalesce(per_village.people, 0) as people,
    coalesce(per_village.exited_households, 0) as exited_households,
    coalesce(per_village.not_exited_households, 0) as not_exited_households,
    coalesce(per_village.not_exited_people, 0) as not_exited_people,
    coalesce(per_village.not_exited_people, 0) / nullif(units.population, 0) as incidence
from villages as units
left join per_village
    on per_village.snapshot_date = units.snapshot_date
   and per_village.village_code = units.village_code;

-- definition: area_targets
-- name_zh: 区域的脱贫计划
-- name_en: An area's exit target
-- rule_zh: 每期每年一行：能看到的计划中层级最高的一层——区域本身有计划（镇的计划行、整个数据目录的计划行）就用它，否则为下一级各单位计划之和（县＝各镇之和，镇＝各村之和）。
-- rule_en: One row per snapshot and year: the highest level of the targets the viewer's area holds — the area's own row where the data has one (a town's row, the whole directory's row), else the sum of its children's (a county: its towns'; a town: its villages').
-- source: ours (issue 11: a level's target is its own row, else the sum of its children's)
create or replace view area_targets as
with coded as (
    select
        snapshot_date,
        year,
        coalesce(village_code, town_code, '') as target_code,
        households,
        people
    from targets
),

highest as (
    select snapshot_date, year, min(length(target_code)) as code_length
    from coded
    group by snapshot_date, year
)

select
    coded.snapshot_date,
    coded.year,
    cast(sum(coded.households) as integer) as households,
    cast(sum(coded.people) as integer) as people,
    count(*) as target_rows
from coded
inner join highest
    on highest.snapshot_date = coded.snapshot_date
   and highest.year = coded.year
   and highest.code_length = length(coded.target_code)
group by coded.snapshot_date, coded.year;
