-- evaluation_data_quality: a few checks of the register on one snapshot, for the town or a
-- village: how many rows each finds.
-- Grain: one row per check, in a fixed order (check_id).
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR, NULL for the whole town).
--   size_mismatch         households whose `size` differs from their rows in members
--   exited_without_year   exited households with no exit_year
--   without_helper        registered households whose helper_id names nobody on the roster
--   without_contact       registered households whose village_contact_id names nobody
--   uninsured_members     members of registered households without medical insurance
--   no_family_doctor      registered households without a family doctor signed
-- not_in_source: uninsured_members <- members.medical_insurance
-- not_in_source: no_family_doctor <- households.family_doctor_signed
with scoped as (
    select * from evaluated_households($snapshot_date, $village_code)
),

roster as (
    select helper_id from helpers where snapshot_date = $snapshot_date
),

checks as (
    select 1 as check_order, 'size_mismatch' as check_id, count(*) as found
    from scoped
    where size <> people
    union all
    select 2, 'exited_without_year', count(*)
    from scoped where is_exited and exit_year is null
    union all
    select 3, 'without_helper', count(*)
    from scoped
    where is_registered and (helper_id is null or helper_id not in (select helper_id from roster))
    union all
    select 4, 'without_contact', count(*)
    from scoped
    where is_registered
      and (village_contact_id is null or village_contact_id not in (select helper_id from roster))
    union all
    select 5, 'uninsured_members', coalesce(sum(uninsured_members), 0)
    from scoped
    where is_registered
    union all
    select 6, 'no_family_doctor', count(*)
    from scoped where is_registered and not family_doctor_signed
)

select check_id, cast(found as bigint) as found
from checks
order by check_order
