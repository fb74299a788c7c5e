-- gap_unsafe_housing_without_renovation: households whose housing is unsafe and that have never
-- had a 危房改造 payment.
-- Grain: one row per household with housing_safe false and no housing_renovation payment on or
-- before the snapshot date; by village code, group, household.
-- Parameters: $snapshot_date (DATE).
-- Households removed from the register (status removed) are left out: they are no longer
-- entitled; exited ones stay in (脱贫不脱政策).
-- Personal data: the head's name is masked here (first character and two asterisks,
-- by the data layer's mask_name macro); id_number is never selected.
with heads as (
    select household_id, min(mask_name(name)) as head_name
    from members
    where snapshot_date = $snapshot_date
      and relation = 'head'
    group by household_id
),

renovated as (
    select distinct household_id
    from payments
    where snapshot_date = $snapshot_date
      and program = 'housing_renovation'
      and paid_date <= $snapshot_date
)

select
    h.household_id,
    h.village_code,
    v.village_name,
    h.group_name,
    heads.head_name,
    h.status,
    h.size,
    h.attribute,
    h.main_cause
from households as h
left join villages as v
    on v.village_code = h.village_code
   and v.snapshot_date = $snapshot_date
left join heads on heads.household_id = h.household_id
where h.snapshot_date = $snapshot_date
  and h.status <> 'removed'
  and not h.housing_safe
  and h.household_id not in (select household_id from renovated)
order by h.village_code, h.group_name, h.household_id
