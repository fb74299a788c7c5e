-- monitoring_by_kind: monitoring objects by kind (监测对象类型), open and eliminated.
-- Grain: one row per object_type present (unstable_exited 脱贫不稳定户, edge 边缘易致贫户,
-- sudden_hardship 突发严重困难户), in that order; each household in the kind of its latest spell
-- (monitoring_households). Parameters: $snapshot_date (DATE).
select
    object_type,
    count(*) filter (where is_open) as open_households,
    count(*) filter (where not is_open) as eliminated_households,
    coalesce(sum(people) filter (where is_open), 0) as open_people,
    coalesce(sum(people) filter (where not is_open), 0) as eliminated_people
from monitoring_households
where snapshot_date = $snapshot_date
group by object_type
order by coalesce(
    array_position(['unstable_exited', 'edge', 'sudden_hardship'], object_type), 99
), object_type
