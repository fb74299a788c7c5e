-- gap_members_without_medical_insurance: members with no 城乡居民基本医疗保险.
-- Grain: one row per member of a registered household with medical_insurance false; by
-- village code, group, household, person.
-- Parameters: $snapshot_date (DATE).
-- Removed households are left out (no longer entitled); exited ones stay in (脱贫不脱政策).
-- Names are masked (mask_name; the head's by the staging view household_places); id_number is
-- never selected.
-- not_in_source: rows <- members.medical_insurance
select
    place.household_id,
    place.village_code,
    place.village_name,
    place.group_name,
    place.head_name,
    place.status,
    person.person_id,
    mask_name(person.name) as member_name,
    person.relation,
    person.health
from members as person
inner join household_places as place
    on place.snapshot_date = person.snapshot_date
   and place.household_id = person.household_id
where person.snapshot_date = $snapshot_date
  and place.is_registered
  and not person.medical_insurance
order by place.village_code, place.group_name, place.household_id, person.person_id
