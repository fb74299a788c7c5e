-- Helpers (帮扶责任人, 村级联系人), their visits, and the programs the rules name.

-- definition: responsible_helper
-- name_zh: 帮扶责任人
-- name_en: A responsible helper
-- rule_zh: 市级或镇级干部（帮扶人级别为市、镇）；村级的是村级联系人。
-- rule_en: A helper of level city or town; a village-level one is a village contact (村级联系人).
-- source: report (F12: 143 市镇帮扶责任人, F13: 76 村级联系人)
create or replace macro is_responsible_helper(level) as level in ('city', 'town');
create or replace macro is_village_contact(level) as level = 'village';
-- The words a check writes for a household whose helper or contact column names no one fit on
-- the roster: empty, or the id written and the roster it is not on.
create or replace macro not_on_roster_zh(id, role_zh, roster_zh) as case
    when id is null or trim(id) = '' then role_zh || '为空'
    else role_zh || ' ' || id || ' 不在' || roster_zh || '名单上'
end;

-- definition: helper_load
-- name_zh: 每名帮扶责任人帮扶3至5户
-- name_en: The 3–5 households rule
-- rule_zh: 每名帮扶责任人负责3至5户在册贫困户：少于3户为“偏少”，多于5户为“超标”。
-- rule_en: Each responsible helper has 3 to 5 registered households: fewer than 3 is under, more than 5 is over.
-- source: report (每名帮扶责任人帮扶3—5户)
create or replace macro helper_households_min() as 3;
create or replace macro helper_households_max() as 5;
create or replace macro helper_load(households) as case
    when households < helper_households_min() then 'under'
    when households > helper_households_max() then 'over'
    else 'within'
end;

-- definition: visited_recently
-- name_zh: 近期走访
-- name_en: Visited recently
-- rule_zh: 该户自己的帮扶责任人最近一次走访在快照日前90天之内（含第90天）；从未走访算未走访。
-- rule_en: The household's own helper visited it within 90 days before the snapshot date (day 90 included); never visited counts as not visited.
-- source: ours (the report worries about helpers who "never visit"; three months is the township's own 季度 rhythm)
create or replace macro visit_recent_days() as 90;
create or replace macro visited_recently(last_visit, on_date) as
    coalesce(last_visit >= on_date::date - visit_recent_days(), false);

-- definition: visit_rate_window
-- name_zh: 走访频次统计期
-- name_en: Visit-rate window
-- rule_zh: 每名帮扶人每月走访次数，按快照日前12个月计算。
-- rule_en: Visits per helper per month are counted over the 12 months up to the snapshot date.
-- source: ours
create or replace macro visit_rate_months() as 12;

-- definition: benefit_window
-- name_zh: 政策覆盖统计期
-- name_en: Coverage window of a benefit
-- rule_zh: 判断“应享未享”时，看快照日前12个月（不含起点当天，含快照日）内是否发放过。
-- rule_en: A coverage gap asks whether the benefit was paid in the 12 months up to and including the snapshot date.
-- source: ours (education aid and transport subsidies are paid once a school or work year)
create or replace macro benefit_window_months() as 12;
create or replace macro paid_in_window(paid_date, on_date) as
    paid_date > cast(on_date::date - to_months(benefit_window_months()) as date)
    and paid_date <= on_date::date;

-- definition: loans_due_window
-- name_zh: 即将到期贷款
-- name_en: Loans falling due
-- rule_zh: 到期日在快照日之后6个月之内的扶贫小额信贷。
-- rule_en: Microloans whose term ends within 6 months after the snapshot date.
-- source: ours
create or replace macro loans_due_months() as 6;

-- definition: industry_program
-- name_zh: 特色种养业扶持
-- name_en: Industry support
-- rule_zh: 特色种植和特色养殖两个项目；一条发放记录是一个项目。
-- rule_en: The two programs industry_planting (特色种植) and industry_breeding (特色养殖); one payment row is one project.
-- source: report (F27–F30: 特色种养业)
create or replace macro is_industry_program(program) as
    program in ('industry_planting', 'industry_breeding');

-- definition: half_year_slot
-- name_zh: 发放的半年序号
-- name_en: The half-year a payment falls in
-- rule_zh: 半年讲评的统计窗口都由整半年组成（上半年1月1日—6月30日，下半年7月1日—12月31日，截至快照日）。每个半年一个序号：2000年上半年为0，之后每半年加1，到2031年下半年为63（2000年以前的记入0）。一户、一人、一个批次在哪些半年领过款，记成一个64位的位图；窗口内的不重复户数、人数就是位图与窗口相交的个数。2032年及以后的快照按发放记录逐条计算。
-- rule_en: The half-year evaluation's windows are made of whole half-years (January–June, July–December, cut at the snapshot date). Each half-year has a number: the first half of 2000 is 0, one more per half-year up to 63 for the second half of 2031 (earlier dates count as 0). The half-years in which a household, a person or a batch was paid are one 64-bit mask; the distinct households or people of a window are those whose mask meets the window's. Snapshots of 2032 or later are counted payment by payment.
-- source: ours (evaluation_programs, read from program_slots)
create or replace macro half_year_slot(day) as least(
    63, greatest(0, (year(day) - 2000) * 2 + case when month(day) > 6 then 1 else 0 end)
);

-- The bit of one half-year; every half-year from the one of first_day to the one of last_day
-- (none when first > last). UBIGINT throughout: DuckDB widens shifts to HUGEINT, which Parquet
-- would keep as a DOUBLE.
create or replace macro half_year_bit(slot) as cast(1::ubigint << slot as ubigint);

create or replace macro half_year_mask(first_day, last_day) as cast(case
    when half_year_slot(first_day) > half_year_slot(last_day) then 0
    else (18446744073709551615::ubigint >> (63 - half_year_slot(last_day)))
        - (half_year_bit(half_year_slot(first_day)) - 1)
end as ubigint);

-- The calendar years of a half-year mask, one bit each (the even bit of each pair): their count
-- is a household's household-years (户·年) in a window.
create or replace macro half_year_mask_years(mask) as
    cast((mask | (mask >> 1)) & 6148914691236517205::ubigint as ubigint);

-- Whether a window can be read from the masks: it starts on 1 January or 1 July (or before
-- 2000) and ends on 30 June or 31 December (or on or after the snapshot date, which cuts every
-- half-year), on a snapshot before 2032 (the masks' last half-year).
create or replace macro is_half_year_window(first_day, last_day, snapshot_day) as
    snapshot_day < date '2032-01-01'
    and (first_day <= date '2000-01-01'
        or (day(first_day) = 1 and month(first_day) in (1, 7)))
    and (last_day >= snapshot_day
        or (month(last_day) = 6 and day(last_day) = 30)
        or (month(last_day) = 12 and day(last_day) = 31));
