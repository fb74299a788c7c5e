-- household_find_by_name: people of one unit whose name starts with the text typed (a surname,
-- or a whole name), or every household head when nothing is typed. Matched here, shown masked.
-- Grain: one row per person on the snapshot, by group then household number.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR), $name_text (VARCHAR, may be '').
select
    h.household_id,
    h.group_name,
    mask_name(m.name) as name,
    m.relation,
    h.status
from members as m
inner join households as h
    on h.snapshot_date = m.snapshot_date and h.household_id = m.household_id
where m.snapshot_date = $snapshot_date
  and h.village_code = $village_code
  and (
      ($name_text = '' and m.relation = 'head')
      or ($name_text <> '' and starts_with(m.name, $name_text))
  )
order by h.group_name, h.household_id, m.person_id
