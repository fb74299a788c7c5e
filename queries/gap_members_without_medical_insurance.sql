-- gap_members_without_medical_insurance: members with no 城乡居民基本医疗保险.
-- Grain: one row per member with medical_insurance false; by village code, group, household,
-- person.
-- Parameters: $snapshot_date (DATE).
-- Households removed from the register (status removed) are left out: they are no longer
-- entitled; exited ones stay in (脱贫不脱政策).
-- Personal data: names are masked here (first character and two asterisks,
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
    m.person_id,
    mask_name(m.name) as member_name,
    m.relation,
    m.health
from members as m
inner join households as h
    on h.household_id = m.household_id
   and h.snapshot_date = $snapshot_date
left join villages as v
    on v.village_code = h.village_code
   and v.snapshot_date = $snapshot_date
left join heads on heads.household_id = h.household_id
where m.snapshot_date = $snapshot_date
  and h.status <> 'removed'
  and not m.medical_insurance
order by h.village_code, h.group_name, h.household_id, m.person_id
