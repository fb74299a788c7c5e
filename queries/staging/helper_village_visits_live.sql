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
