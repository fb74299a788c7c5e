-- household_find_by_number: households whose 户编号 contains the text typed.
-- Grain: one row per household (as on the latest snapshot that holds it), by number; at most 50.
-- Parameters: $household_text (VARCHAR, part of a 户编号).
-- The head's name is masked by the staging view household_heads (mask_name).
with found as (
    select h.snapshot_date, h.household_id, h.village_code, h.group_name, h.status
    from households as h
    where contains(h.household_id, $household_text)
    qualify row_number() over (partition by h.household_id order by h.snapshot_date desc) = 1
)

select
    found.household_id,
    v.village_name,
    found.group_name,
    heads.head_name,
    found.status,
    found.snapshot_date as last_seen
from found
left join villages as v
    on v.snapshot_date = found.snapshot_date and v.village_code = found.village_code
left join household_heads as heads
    on heads.snapshot_date = found.snapshot_date and heads.household_id = found.household_id
order by found.household_id
limit 50
