-- Whether one household is among the rows the viewer may read (their area, a helper's own).
-- One row: `found`, 1 when it is, 0 when it is not (or no such household exists).
-- Parameters: $household_id. Every snapshot counts: a link to an older profile is in scope.
select count(distinct households.household_id) as found
from households
where households.household_id = $household_id
