-- notice_village: the names a village's notice is headed with.
-- Grain: one row (none when the village is not in the snapshot).
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR).
select
    areas.village_code,
    areas.village_name,
    areas.town_name,
    areas.county_name
from village_areas as areas
where areas.snapshot_date = $snapshot_date
  and areas.village_code = $village_code
