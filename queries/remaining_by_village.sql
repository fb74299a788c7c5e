-- remaining_by_village: registered and not-yet-exited poor households and people per village.
-- Grain: one row per village-level unit (all units, also those with no poor household),
-- in village-code order.
-- Parameters: $snapshot_date (DATE).
-- The counts and incidence (贫困发生率: not-exited people over the unit's registered
-- population) are the staging view village_totals' (docs/definitions.md).
select
    village_code,
    village_name,
    kind,
    population,
    groups_count,
    is_poor_village,
    households,
    people,
    not_exited_households,
    not_exited_people,
    incidence
from village_totals
where snapshot_date = $snapshot_date
order by village_code
