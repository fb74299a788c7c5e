-- id: C14
-- severity: warning
-- title_zh: 因残致贫但无残疾成员
-- title_en: Poor through disability, yet nobody disabled
-- explanation_zh: 主要致贫原因为“因残”，却没有一名成员健康状况为“残疾”：或致贫原因填错，或残疾成员的健康状况漏填。
-- explanation_en: The main cause is disability (因残) but no member is recorded disabled: either the cause is wrong or the disabled member's health was left out.
-- Grain: one row per registered household whose main_cause is disability with no disabled member.
-- Parameters: $snapshot_date (DATE).
-- not_in_source: rows <- households.main_cause
select household_id, cast(null as varchar) as person_id, village_code,
    '主要致贫原因：因残；' || count(*) || ' 名成员中无残疾人' as detail
from registered_members_of($snapshot_date)
where household_main_cause = 'disability'
group by household_id, village_code
having not bool_or(health = 'disabled')
order by village_code, household_id
