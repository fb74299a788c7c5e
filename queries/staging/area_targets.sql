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
