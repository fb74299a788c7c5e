-- id: C19
-- severity: error
-- title_zh: 人均纯收入为零或负数
-- title_en: Income per head zero or negative
-- explanation_zh: 人均纯收入为零或负数，几乎都是漏填或计算错误（例如把生产性支出重复扣减）：请重新核算收入。
-- explanation_en: An income per head of zero or less is almost always missing or miscalculated (costs deducted twice, say): work the income out again.
-- Grain: one row per registered household with income_per_capita <= 0.
-- Parameters: $snapshot_date (DATE).
select household_id, cast(null as varchar) as person_id, village_code,
    income_year || '年人均纯收入 ' || income_per_capita || ' 元' as detail
from registered_households_of($snapshot_date)
where income_per_capita <= 0
order by village_code, household_id
