-- gap_households_without_family_doctor: households with no signed family doctor (家庭医生签约).
-- Grain: one row per registered household with family_doctor_signed false; by village code,
-- group, household.
-- Parameters: $snapshot_date (DATE).
-- Removed households are left out (no longer entitled); exited ones stay in (脱贫不脱政策).
-- The head's name is masked by the staging view household_places; id_number is never selected.
-- not_in_source: rows <- households.family_doctor_signed
select
    household_id, village_code, village_name, group_name, head_name, status,
    size, main_cause
from household_places
where snapshot_date = $snapshot_date
  and is_registered
  and not family_doctor_signed
order by village_code, group_name, household_id
