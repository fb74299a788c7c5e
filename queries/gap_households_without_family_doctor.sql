-- gap_households_without_family_doctor: households with no signed family doctor (家庭医生签约).
-- Grain: one row per household with family_doctor_signed false; by village code, group,
-- household.
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
)

select
    h.household_id,
    h.village_code,
    v.village_name,
    h.group_name,
    heads.head_name,
    h.status,
    h.size,
    h.main_cause
from households as h
left join villages as v
    on v.village_code = h.village_code
   and v.snapshot_date = $snapshot_date
left join heads on heads.household_id = h.household_id
where h.snapshot_date = $snapshot_date
  and h.status <> 'removed'
  and not h.family_doctor_signed
order by h.village_code, h.group_name, h.household_id
