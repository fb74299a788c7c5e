-- gap_migrants_without_transport_subsidy: migrant workers outside the county with no 外出务工交通补助 in the window.
-- Grain: one row per migrant worker (the migrant_worker definition: work outside the county)
-- who is not covered; by village code, group, household, person.
-- Parameters: $snapshot_date (DATE). Reads the table macro coverage_gaps (its own staging file).
-- Who is owed the subsidy and what covers them is the staging view benefit_coverage
-- (docs/definitions.md: benefit_coverage, benefit_window). Removed households are left out;
-- exited ones stay in (脱贫不脱政策). Names are masked by the view (mask_name).
-- not_in_source: rows <- members.migrant_work
select household_id, village_code, village_name, group_name, head_name, status, person_id,
    member_name, migrant_work, migrant_months, household_paid_in_window, last_paid_date
from coverage_gaps($snapshot_date, 'transport_subsidy')
order by village_code, group_name, household_id, person_id
