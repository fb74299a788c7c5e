-- gap_vocational_without_rainbow_plan: members in secondary or higher vocational school with no 雨露计划 payment in the window.
-- Grain: one row per vocational student (the vocational_student definition) who is not
-- covered; by village code, group, household, person.
-- Parameters: $snapshot_date (DATE). Reads the table macro coverage_gaps (its own staging file).
-- Who is owed the Rainbow Plan and what covers them is the staging view benefit_coverage
-- (docs/definitions.md: benefit_coverage, benefit_window). Removed households are left out;
-- exited ones stay in (脱贫不脱政策). Names are masked by the view (mask_name).
select household_id, village_code, village_name, group_name, head_name, status, person_id,
    member_name, school_stage, household_paid_in_window, last_paid_date
from coverage_gaps($snapshot_date, 'rainbow_plan')
order by village_code, group_name, household_id, person_id
