-- evaluation_projects: village-level projects (村级项目) on a snapshot, for the town or a village.
-- Grain: one row per project, unfinished first (tendering, building, planned, done), then
-- largest budget.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR, NULL for the whole town).
select
    p.project_id,
    p.village_code,
    v.village_name,
    p.name,
    p.category,
    p.budget_yuan,
    p.status,
    p.year
from village_projects as p
inner join villages as v on v.village_code = p.village_code and v.snapshot_date = p.snapshot_date
where p.snapshot_date = $snapshot_date
  and in_chosen_village(p.village_code, $village_code)
order by
    case p.status when 'tendering' then 1 when 'building' then 2 when 'planned' then 3 else 4 end,
    p.budget_yuan desc,
    p.project_id
