-- exits_by_cause: households and people exited, per main cause of poverty and attribute.
-- Grain: one row per main_cause (主要致贫原因) x attribute (贫困户属性) that has exits,
-- largest main cause first (by its exited households), then attribute code.
-- Parameters: $snapshot_date (DATE).
-- Exits count exited households (household_facts.is_exited), whatever the exit year.
with per_cell as (
    select main_cause, attribute, count(*) as households, cast(sum(people) as bigint) as people
    from household_facts
    where snapshot_date = $snapshot_date
      and is_exited
    group by main_cause, attribute
)

select
    c.main_cause,
    c.attribute,
    c.households,
    c.people,
    cast(sum(c.households) over (partition by c.main_cause) as bigint) as cause_households
from per_cell as c
order by cause_households desc, c.main_cause, c.attribute
