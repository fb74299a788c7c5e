-- Helpers (帮扶责任人, 村级联系人), their visits, and the programs the rules name.

-- definition: responsible_helper
-- name_zh: 帮扶责任人
-- name_en: A responsible helper
-- rule_zh: 市级或镇级干部（帮扶人级别为市、镇）；村级的是村级联系人。
-- rule_en: A helper of level city or town; a village-level one is a village contact (村级联系人).
-- source: report (F12: 143 市镇帮扶责任人, F13: 76 村级联系人)
create or replace macro is_responsible_helper(level) as level in ('city', 'town');
create or replace macro is_village_contact(level) as level = 'village';

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
