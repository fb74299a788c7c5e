-- household_find_by_number: households whose 户编号 contains the text typed.
-- Grain: one row per household (as on the latest snapshot that holds it), by number; at most 50.
-- Parameters: $household_text (VARCHAR, part of a 户编号).
-- The head's name is masked here (first character and two asterisks).
with found as (
    select h.snapshot_date, h.household_id, h.village_code, h.group_name, h.status
    from households as h
    where contains(h.household_id, $household_text)
    qualify row_number() over (partition by h.household_id order by h.snapshot_date desc) = 1
)

select
    f.household_id,
    v.village_name,
    f.group_name,
    (
        select any_value(mask_name(m.name))
        from members as m
        where m.snapshot_date = f.snapshot_date
          and m.household_id = f.household_id
          and m.relation = 'head'
    ) as head_name,
    f.status,
    f.snapshot_date as last_seen
from found as f
left join villages as v
    on v.snapshot_date = f.snapshot_date and v.village_code = f.village_code
order by f.household_id
limit 50
