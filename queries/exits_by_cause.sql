-- exits_by_cause: households and people exited, per main cause of poverty and attribute.
-- Grain: one row per main_cause (主要致贫原因) x attribute (贫困户属性) that has exits,
-- largest main cause first (by its exited households), then attribute code.
-- Parameters: $snapshot_date (DATE).
-- Exits count exited households (household_facts.is_exited), whatever the exit year.
-- not_in_source: main_cause <- households.main_cause
-- not_in_source: attribute <- households.attribute
with per_cell as (
    select main_cause, attribute, count(*) as households, cast(sum(people) as bigint) as people
    from household_facts
    where snapshot_date = $snapshot_date
      and is_exited
    group by main_cause, attribute
)

select
    per_cell.main_cause,
    per_cell.attribute,
    per_cell.households,
    per_cell.people,
    cast(sum(per_cell.households) over (partition by per_cell.main_cause) as bigint)
        as cause_households
from per_cell
order by cause_households desc, per_cell.main_cause, per_cell.attribute
