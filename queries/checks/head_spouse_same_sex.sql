-- id: C28
-- severity: error
-- title_zh: 户主与配偶性别相同
-- title_en: Head and spouse of the same sex
-- explanation_zh: 户主与配偶性别相同，多为与户主关系或性别填错（例如把儿媳填成配偶）：对照户口簿更正。
-- explanation_en: A head and spouse of the same sex usually means a wrong relation or sex (a daughter-in-law recorded as spouse, say): correct it from the household register.
-- Grain: one row per spouse of a registered household whose sex is the head's.
-- Parameters: $snapshot_date (DATE).
-- Personal data: names are masked (first character and two asterisks).
with m as (
    select *
    from members
    where snapshot_date = $snapshot_date
)

select
    h.household_id,
    spouse.person_id,
    h.village_code,
    '户主 ' || left(head.name, 1) || '**（' || case head.sex when 'male' then '男' else '女' end
    || '）与配偶 ' || left(spouse.name, 1) || '**（'
    || case spouse.sex when 'male' then '男' else '女' end || '）性别相同' as detail
from households as h
inner join m as head on head.household_id = h.household_id and head.relation = 'head'
inner join m as spouse on spouse.household_id = h.household_id and spouse.relation = 'spouse'
where h.snapshot_date = $snapshot_date
  and h.status <> 'removed'
  and head.sex = spouse.sex
order by h.village_code, h.household_id, spouse.person_id
