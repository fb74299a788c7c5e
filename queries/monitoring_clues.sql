-- monitoring_clues: the early warning's clues, a list for visits (预警线索; not an identification).
-- Grain: one row per household per kind of clue (the warning_clues definition), in the
-- warning_clue_order of the clues (the issue's own first, the 八必访 kinds after), then by
-- village and household. Parameters: $snapshot_date (DATE), $list_limit (INTEGER or NULL).
-- Personal data: the head's and the person's names are masked (household_places, mask_name).
select
    clues.household_id,
    clues.village_code,
    place.village_name,
    place.head_name,
    clues.clue,
    clues.person_name,
    clues.record_date,
    clues.amount_yuan,
    clues.records,
    clues.income_per_capita,
    clues.line_yuan,
    clues.income_year
from warning_clues($snapshot_date) as clues
left join household_places as place
    on place.snapshot_date = $snapshot_date and place.household_id = clues.household_id
order by warning_clue_order(clues.clue), clues.village_code, clues.household_id
limit $list_limit
