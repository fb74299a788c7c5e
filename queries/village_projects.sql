-- village_projects: the village-level projects (村级项目) of one unit.
-- Grain: one row per project, by year then project id.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR).
select
    project_id,
    name,
    category,
    budget_yuan,
    status,
    year
from village_projects
where snapshot_date = $snapshot_date
  and village_code = $village_code
order by year, project_id
