-- id: C34
-- severity: error
-- title_zh: 户主不是恰好一人
-- title_en: Not exactly one head of household
-- explanation_zh: 每户有且只有一名户主。没有户主（如户主去世后未变更）或有两名以上户主的，须按户口簿更正与户主关系。
-- explanation_en: Each household has exactly one head. None (the head died and nobody was made head) or two or more: correct the relations from the household register.
-- Grain: one row per registered household whose count of members with relation head is not 1.
-- Parameters: $snapshot_date (DATE).
with heads as (
    select snapshot_date, household_id, count(*) filter (where relation = 'head') as heads
    from members
    where snapshot_date = $snapshot_date
    group by snapshot_date, household_id
)

select
    households.household_id,
    cast(null as varchar) as person_id,
    households.village_code,
    case
        when coalesce(heads.heads, 0) = 0 then '没有户主'
        else '有 ' || heads.heads || ' 名户主'
    end as detail
from registered_households_of($snapshot_date) as households
left join heads on heads.household_id = households.household_id
where coalesce(heads.heads, 0) <> 1
order by households.village_code, households.household_id
