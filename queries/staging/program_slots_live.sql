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
