-- household_history: one household across every snapshot, absent ones included.
-- Grain: one row per snapshot date (oldest first).
-- Parameters: $household_id (VARCHAR).
-- on_register is false on a snapshot that does not hold the household (before it was
-- identified, or after it left); the helper's name is masked.
with dates as (
    select distinct snapshot_date from villages
    union
    select distinct snapshot_date from households
)

select
    dates.snapshot_date,
    h.household_id is not null as on_register,
    v.village_name,
    h.status,
    h.exit_year,
    h.attribute,
    h.main_cause,
    coalesce(h.people, 0) as people,
    h.income_per_capita,
    h.income_year,
    h.housing_safe,
    h.drinking_water_safe,
    mask_name(hl.name) as helper_name
from dates
left join household_facts as h
    on h.snapshot_date = dates.snapshot_date and h.household_id = $household_id
left join villages as v
    on v.snapshot_date = h.snapshot_date and v.village_code = h.village_code
left join helpers as hl
    on hl.snapshot_date = h.snapshot_date and hl.helper_id = h.helper_id
order by dates.snapshot_date
