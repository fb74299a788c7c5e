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
