-- id: C13
-- severity: warning
-- title_zh: 因病致贫但成员均健康
-- title_en: Poor through illness, yet every member healthy
-- explanation_zh: 主要致贫原因为“因病”，成员健康状况却全部为“健康”，两者矛盾：或致贫原因填错，或病人的健康状况（长期慢性病、大病）漏填。
-- explanation_en: The main cause is illness (因病) but every member is recorded healthy: either the cause is wrong or the sick member's health (chronic, serious illness) was left out.
-- Grain: one row per registered household whose main_cause is illness and whose members are all
-- healthy (a household with no member rows is rule C33's).
-- Parameters: $snapshot_date (DATE).
select
    h.household_id,
    cast(null as varchar) as person_id,
    h.village_code,
    '主要致贫原因：因病；' || count(*) || ' 名成员健康状况均为健康' as detail
from households as h
inner join members as m
    on m.household_id = h.household_id
   and m.snapshot_date = h.snapshot_date
where h.snapshot_date = $snapshot_date
  and h.status <> 'removed'
  and h.main_cause = 'illness'
group by h.household_id, h.village_code
having bool_and(m.health = 'healthy')
order by h.village_code, h.household_id
