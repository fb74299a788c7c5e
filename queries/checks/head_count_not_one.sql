-- id: C34
-- severity: error
-- title_zh: 户主不是恰好一人
-- title_en: Not exactly one head of household
-- explanation_zh: 每户有且只有一名户主。没有户主（如户主去世后未变更）或有两名以上户主的，须按户口簿更正与户主关系。
-- explanation_en: Each household has exactly one head. None (the head died and nobody was made head) or two or more: correct the relations from the household register.
-- Grain: one row per registered household whose count of members with relation head is not 1.
-- Parameters: $snapshot_date (DATE).
with heads as (
    select household_id, count(*) filter (where relation = 'head') as heads
    from members
    where snapshot_date = $snapshot_date
    group by household_id
)

select
    h.household_id,
    cast(null as varchar) as person_id,
    h.village_code,
    case
        when coalesce(hd.heads, 0) = 0 then '没有户主'
        else '有 ' || hd.heads || ' 名户主'
    end as detail
from households as h
left join heads as hd on hd.household_id = h.household_id
where h.snapshot_date = $snapshot_date
  and h.status <> 'removed'
  and coalesce(hd.heads, 0) <> 1
order by h.village_code, h.household_id
