-- gap_villages: every unit of a snapshot (village, or the next level down above a town: a
-- county's towns), the rows of the coverage-gap overview.
-- Grain: one row per unit, in code order; village_code holds the unit's code
-- (left(village_code, $unit_digits), the village_units macro), village_name its name.
-- Parameters: $snapshot_date (DATE), $unit_digits (INTEGER: 12 villages, the default; 9 towns,
-- 6 counties, 4 prefectures, 2 provinces).
select unit_code as village_code, unit_name as village_name
from unit_names($snapshot_date, $unit_digits)
order by unit_code
