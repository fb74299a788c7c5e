-- id: C25
-- severity: warning
-- title_zh: 贫困户无村级联系人
-- title_en: Household without a village contact
-- explanation_zh: 每户贫困户都应有一名村级联系人（村干部）。为空、或填写的人不在村级联系人名单上的，须落实。
-- explanation_en: Every registered household needs a village contact (a village cadre). One whose contact is empty, or names someone not on the roster of village contacts, needs one assigned.
-- Grain: one row per registered household whose village_contact_id is null or not a village-level
-- helper on the snapshot's roster.
-- Parameters: $snapshot_date (DATE).
with roster as (
    select helper_id
    from helpers
    where snapshot_date = $snapshot_date
      and level = 'village'
)

select
    h.household_id,
    cast(null as varchar) as person_id,
    h.village_code,
    case
        when h.village_contact_id is null or trim(h.village_contact_id) = '' then '村级联系人为空'
        else '村级联系人 ' || h.village_contact_id || ' 不在村级联系人名单上'
    end as detail
from households as h
left join roster as r on r.helper_id = h.village_contact_id
where h.snapshot_date = $snapshot_date
  and h.status <> 'removed'
  and r.helper_id is null
order by h.village_code, h.household_id
