-- household_profile: one household on one snapshot, with its helper and village contact.
-- Grain: one row (none when the snapshot does not hold the household).
-- Parameters: $household_id (VARCHAR), $snapshot_date (DATE).
-- Helpers' names are masked here (first character and two asterisks).
select
    h.household_id,
    h.village_code,
    v.village_name,
    h.group_name,
    h.status,
    h.exit_year,
    h.planned_exit_year,
    h.attribute,
    h.main_cause,
    h.identified_year,
    h.income_per_capita,
    h.income_year,
    h.housing_safe,
    h.drinking_water_safe,
    h.family_doctor_signed,
    h.people,
    h.helper_id,
    mask_name(hl.name) as helper_name,
    hl.unit as helper_unit,
    hl.level as helper_level,
    h.village_contact_id,
    mask_name(vc.name) as village_contact_name,
    vc.unit as village_contact_unit
from household_facts as h
left join villages as v
    on v.snapshot_date = h.snapshot_date and v.village_code = h.village_code
left join helpers as hl
    on hl.snapshot_date = h.snapshot_date and hl.helper_id = h.helper_id
left join helpers as vc
    on vc.snapshot_date = h.snapshot_date and vc.helper_id = h.village_contact_id
where h.snapshot_date = $snapshot_date
  and h.household_id = $household_id
