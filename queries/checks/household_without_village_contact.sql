-- id: C25
-- severity: warning
-- title_zh: 贫困户无村级联系人
-- title_en: Household without a village contact
-- explanation_zh: 每户贫困户都应有一名村级联系人（村干部）。为空、或填写的人不在村级联系人名单上的，须落实。
-- explanation_en: Every registered household needs a village contact (a village cadre). One whose contact is empty, or names someone not on the roster of village contacts, needs one assigned.
-- Grain: one row per registered household whose village_contact_id is null or not a village
-- contact on the snapshot's roster (households_with_helpers.has_village_contact).
-- Parameters: $snapshot_date (DATE).
select household_id, cast(null as varchar) as person_id, village_code,
    not_on_roster_zh(village_contact_id, '村级联系人', '村级联系人') as detail
from households_with_helpers
where snapshot_date = $snapshot_date and is_registered(status) and not has_village_contact
order by village_code, household_id
