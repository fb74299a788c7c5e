-- id: C20
-- severity: warning
-- title_zh: 人均纯收入超过10万元
-- title_en: Income per head over 100,000 yuan
-- explanation_zh: 人均纯收入超过10万元，远高于扶贫标准，多为多录了位数或把家庭总收入填成人均：请核实；确实如此的，该户不符合贫困户识别条件。
-- explanation_en: Over 100,000 yuan per head is far above any poverty line: usually an extra digit, or the household's total typed as per head. Check it; if true, the household does not qualify as poor.
-- Grain: one row per registered household with income_per_capita > 100,000.
-- Parameters: $snapshot_date (DATE).
select household_id, cast(null as varchar) as person_id, village_code,
    income_year || '年人均纯收入 ' || income_per_capita || ' 元' as detail
from registered_households_of($snapshot_date)
where income_per_capita > 100000
order by village_code, household_id
