-- ledger_households: each registered household with what an inspection would look at, for the
-- demo's 2018 大排查 and for naming a problem's village and helper.
-- Grain: one row per registered household, by household number.
-- Parameters: $snapshot_date (DATE).
select
    facts.household_id,
    facts.village_code,
    facts.helper_id,
    facts.status,
    facts.housing_safe,
    facts.drinking_water_safe,
    facts.uninsured_members,
    facts.is_income_above_line
from household_facts as facts
where facts.snapshot_date = $snapshot_date
  and facts.is_registered
order by facts.household_id
