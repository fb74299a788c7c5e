-- id: C13
-- severity: warning
-- title_zh: 因病致贫但成员均健康
-- title_en: Poor through illness, yet every member healthy
-- explanation_zh: 主要致贫原因为“因病”，成员健康状况却全部为“健康”，两者矛盾：或致贫原因填错，或病人的健康状况（长期慢性病、大病）漏填。
-- explanation_en: The main cause is illness (因病) but every member is recorded healthy: either the cause is wrong or the sick member's health (chronic, serious illness) was left out.
-- Grain: one row per registered household whose main_cause is illness and whose members are all
-- healthy (a household with no member rows is rule C33's).
-- Parameters: $snapshot_date (DATE).
-- not_in_source: rows <- households.main_cause
select household_id, cast(null as varchar) as person_id, village_code,
    '主要致贫原因：因病；' || count(*) || ' 名成员健康状况均为健康' as detail
from registered_members_of($snapshot_date)
where household_main_cause = 'illness'
group by household_id, village_code
having bool_and(health = 'healthy')
order by village_code, household_id
