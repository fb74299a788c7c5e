-- monitoring_by_unit: the monitoring objects of each unit one level down (village_units).
-- Grain: one row per unit that has a village in the snapshot ($unit_digits digits of the
-- village code: 12 villages, 9 towns, 6 counties …), in code order; units without an object
-- show zeros. village_code / village_name are the unit's code and name.
-- Parameters: $snapshot_date (DATE), $unit_digits (INTEGER).
-- Measures as in monitoring_totals.sql: households ever identified, open, eliminated,
-- elimination_rate, open_without_measure, open_able_without_developmental.
with units as (
    select distinct unit_code, unit_name, village_code
    from village_units($snapshot_date, $unit_digits)
),

objects as (
    select units.unit_code, objects.*
    from monitoring_households as objects
    inner join units on units.village_code = objects.village_code
    where objects.snapshot_date = $snapshot_date
)

select
    named.unit_code as village_code,
    named.unit_name as village_name,
    count(objects.household_id) as households,
    count(objects.household_id) filter (where objects.is_open) as open_households,
    count(objects.household_id) filter (where not objects.is_open) as eliminated_households,
    count(objects.household_id) filter (where not objects.is_open)
        / nullif(count(objects.household_id), 0) as elimination_rate,
    count(objects.household_id) filter (
        where objects.is_open and not objects.has_measure
    ) as open_without_measure,
    count(objects.household_id) filter (
        where objects.is_open and objects.able_workers > 0 and not objects.has_developmental
    ) as open_able_without_developmental
from (select unit_code, min(unit_name) as unit_name from units group by unit_code) as named
left join objects on objects.unit_code = named.unit_code
group by named.unit_code, named.unit_name
order by named.unit_code
