-- household_members: the people of one household on one snapshot, personal data masked.
-- Grain: one row per member, head first, then by person number.
-- Parameters: $household_id (VARCHAR), $snapshot_date (DATE).
-- Masking: name as first character and two asterisks; ID number as its first 6 and last 4
-- characters with asterisks between; age in completed years instead of the birth date.
select
    m.person_id,
    mask_name(m.name) as name,
    mask_id_number(m.id_number) as id_number,
    m.relation,
    m.sex,
    age_on(m.birth_date, $snapshot_date) as age,
    m.education,
    m.school_stage,
    m.health,
    m.labor,
    m.migrant_work,
    m.migrant_months,
    m.medical_insurance
from members as m
where m.snapshot_date = $snapshot_date
  and m.household_id = $household_id
order by m.relation <> 'head', m.person_id
