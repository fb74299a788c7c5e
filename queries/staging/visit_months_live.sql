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
