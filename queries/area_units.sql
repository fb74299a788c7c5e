-- area_units: every village-level unit with the codes and names of the levels above it, for the
-- area picker and breadcrumb (dashboard/hierarchy.py).
-- Grain: one row per village-level unit of one snapshot, in village-code order.
-- Parameters: $snapshot_date (DATE).
-- Codes missing from the file (contract v1.1 made the prefecture and province optional) are the
-- village code's prefixes; names may be NULL, for the reference table of divisions to fill.
select
    units.village_code,
    units.village_name,
    coalesce(units.town_code, left(units.village_code, 9)) as town_code,
    units.town_name,
    coalesce(units.county_code, left(units.village_code, 6)) as county_code,
    units.county_name,
    coalesce(units.prefecture_code, left(units.village_code, 4)) as prefecture_code,
    units.prefecture_name,
    coalesce(units.province_code, left(units.village_code, 2)) as province_code,
    units.province_name
from villages as units
where units.snapshot_date = $snapshot_date
order by units.village_code
