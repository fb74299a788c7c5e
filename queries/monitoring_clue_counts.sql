-- monitoring_clue_counts: how many households each kind of early-warning clue names.
-- Grain: one row per clue kind with at least one household (warning_clues), in the
-- warning_clue_order.
-- Parameters: $snapshot_date (DATE).
select
    clue,
    count(distinct household_id) as households
from warning_clues($snapshot_date)
group by clue
order by warning_clue_order(clue)
