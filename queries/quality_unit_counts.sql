-- quality_unit_counts: findings per unit (a village, or the next level down above a town) and
-- severity on a snapshot.
-- Grain: one row per unit with at least one finding, plus one row with a NULL village_code for
-- findings with no village (a payment to a household not on the register).
-- Parameters: $snapshot_date (DATE), $unit_digits (INTEGER: 12 villages, the default; 9 towns,
-- 6 counties, 4 prefectures, 2 provinces).
-- village_code holds the unit's code (the first $unit_digits digits); households are distinct.
select
    left(village_code, $unit_digits) as village_code,
    count(*) filter (where severity = 'error') as error,
    count(*) filter (where severity = 'warning') as warning,
    count(*) as findings,
    count(distinct household_id) as households
from findings
where snapshot_date = $snapshot_date
group by left(village_code, $unit_digits)
order by village_code nulls last
