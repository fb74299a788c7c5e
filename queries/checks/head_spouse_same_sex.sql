-- id: C28
-- severity: error
-- title_zh: 户主与配偶性别相同
-- title_en: Head and spouse of the same sex
-- explanation_zh: 户主与配偶性别相同，多为与户主关系或性别填错（例如把儿媳填成配偶）：对照户口簿更正。
-- explanation_en: A head and spouse of the same sex usually means a wrong relation or sex (a daughter-in-law recorded as spouse, say): correct it from the household register.
-- Grain: one row per spouse of a registered household whose sex is the head's.
-- Parameters: $snapshot_date (DATE).
-- Personal data: names go through mask_name.
select
    head.household_id,
    spouse.person_id,
    head.village_code,
    '户主 ' || mask_name(head.name) || '（' || case head.sex when 'male' then '男' else '女' end
    || '）与配偶 ' || mask_name(spouse.name) || '（'
    || case spouse.sex when 'male' then '男' else '女' end || '）性别相同' as detail
from registered_members_of($snapshot_date) as head
inner join registered_members_of($snapshot_date) as spouse
    on spouse.household_id = head.household_id
   and spouse.relation = 'spouse'
where head.relation = 'head'
  and head.sex = spouse.sex
order by head.village_code, head.household_id, spouse.person_id
