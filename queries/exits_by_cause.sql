-- exits_by_cause: households and people exited, per main cause of poverty and attribute.
-- Grain: one row per main_cause (主要致贫原因) x attribute (贫困户属性) that has exits,
-- largest main cause first (by its exited households), then attribute code.
-- Parameters: $snapshot_date (DATE).
-- Exits count households whose status is exited on the snapshot, whatever the exit year.
with people as (
    select household_id, count(*) as people
    from members
    where snapshot_date = $snapshot_date
    group by household_id
),

exited as (
    select h.main_cause, h.attribute, coalesce(p.people, 0) as people
    from households as h
    left join people as p on p.household_id = h.household_id
    where h.snapshot_date = $snapshot_date
      and h.status = 'exited'
),

per_cell as (
    select main_cause, attribute, count(*) as households, cast(sum(people) as bigint) as people
    from exited
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
