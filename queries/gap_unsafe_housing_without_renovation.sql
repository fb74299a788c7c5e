-- gap_unsafe_housing_without_renovation: households whose housing is unsafe and that have never
-- had a 危房改造 payment.
-- Grain: one row per registered household with housing_safe false and no housing_renovation
-- payment on or before the snapshot date; by village code, group, household.
-- Parameters: $snapshot_date (DATE).
-- Removed households are left out (no longer entitled); exited ones stay in (脱贫不脱政策).
-- The head's name is masked by the staging view household_places; id_number is never selected.
-- not_in_source: rows <- households.housing_safe
with renovated as (
    select distinct household_id
    from payments
    where snapshot_date = $snapshot_date
      and program = 'housing_renovation'
      and paid_date <= $snapshot_date
)

select
    household_id, village_code, village_name, group_name, head_name, status,
    size, attribute, main_cause
from household_places
where snapshot_date = $snapshot_date
  and is_registered
  and not housing_safe
  and household_id not in (select household_id from renovated)
order by village_code, group_name, household_id
