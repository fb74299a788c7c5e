-- gap_students_without_education_aid: members in school with no education aid (教育补助) in the last school year.
-- Grain: one row per member in school (the in_school definition) who is not covered; by
-- village code, group, household, person.
-- Parameters: $snapshot_date (DATE). Reads the table macro coverage_gaps (its own staging file).
-- Who is owed the aid, and what covers them (a payment in the coverage window naming them, or
-- naming no one and paid to their household), is the staging view benefit_coverage
-- (docs/definitions.md: benefit_coverage, benefit_window). Removed households are left out;
-- exited ones stay in (脱贫不脱政策). household_paid_in_window tells whether the household got
-- any education aid in the window (for another member), so the list also answers "households
-- with no aid at all". Names are masked by the view (mask_name); id_number is never selected.
select household_id, village_code, village_name, group_name, head_name, status, person_id,
    member_name, school_stage, household_paid_in_window, last_paid_date
from coverage_gaps($snapshot_date, 'education_aid')
order by village_code, group_name, household_id, person_id
