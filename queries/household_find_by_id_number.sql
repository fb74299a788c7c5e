-- household_find_by_id_number: people whose ID number ends with the digits typed, and their
-- households. The match is made here; the ID number leaves the database masked only.
-- Grain: one row per person (as on the latest snapshot that holds them), by household; at most 50.
-- Parameters: $id_digits (VARCHAR, the last digits of an ID number, X allowed).
-- Masking: name as first character and two asterisks; ID number as its first 6 and last 4
-- characters with asterisks between.
with found as (
    select m.snapshot_date, m.person_id, m.household_id, m.name, m.id_number, m.relation
    from members as m
    where length($id_digits) > 0
      and upper(m.id_number) like '%' || upper($id_digits)
    qualify row_number() over (partition by m.person_id order by m.snapshot_date desc) = 1
)

select
    found.household_id,
    v.village_name,
    mask_name(found.name) as name,
    mask_id_number(found.id_number) as id_number,
    found.relation,
    found.snapshot_date as last_seen
from found
left join households as h
    on h.snapshot_date = found.snapshot_date and h.household_id = found.household_id
left join villages as v
    on v.snapshot_date = h.snapshot_date and v.village_code = h.village_code
order by found.household_id, found.person_id
limit 50
