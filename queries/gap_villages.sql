-- gap_villages: every village-level unit of a snapshot, the rows of the coverage-gap overview.
-- Grain: one row per village, in code order.
-- Parameters: $snapshot_date (DATE).
select village_code, village_name
from villages
where snapshot_date = $snapshot_date
order by village_code
