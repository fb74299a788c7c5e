-- The exit standard (脱贫标准): income above the year's line and 两不愁三保障.
-- `poverty_lines` is the reference table data/reference/poverty_line.csv, which the data
-- layer loads into every connection (year INTEGER, poverty_line_yuan INTEGER).

-- definition: poverty_line
-- name_zh: 当年贫困线
-- name_en: The year's poverty line
-- rule_zh: 国家农村扶贫标准（元/人·年），取该年度的数值；参考表没有该年度时，取此前最近一年的数值（早于表中最早年度时取最早一年）。
-- rule_en: The national rural poverty line (yuan per person per year) of the year; a year the reference table lacks takes the latest earlier year's line (a year before the table's first takes the first).
-- source: national (data/reference/poverty_line.csv, with its source per year)
create or replace macro poverty_line(for_year) as coalesce(
    (select max_by(l.poverty_line_yuan, l.year) from poverty_lines as l where l.year <= for_year),
    (select min_by(l.poverty_line_yuan, l.year) from poverty_lines as l)
);

-- definition: income_above_line
-- name_zh: 收入达标
-- name_en: Income above the line
-- rule_zh: 人均纯收入严格高于贫困线：恰好等于贫困线不算达标。比较的是收入年度的贫困线；计划当年脱贫的户，比较计划脱贫年度（若更晚）的贫困线。
-- rule_en: Income per head strictly above the poverty line: exactly on the line does not meet it. The line is that of the income's year; a household planned to exit compares with the line of its planned year when that is later.
-- source: national (脱贫标准: 人均纯收入稳定超过国家扶贫标准 — "above", so on the line is not enough); replaces the checks' "below" test, which let an income on the line pass
create or replace macro income_above_line(income, line_year) as income > poverty_line(line_year);

-- definition: safe_housing
-- name_zh: 住房安全有保障
-- name_en: Safe housing
-- rule_zh: 住房安全为“是”。
-- rule_en: housing_safe is true.
-- source: national (两不愁三保障)
-- (read directly from households.housing_safe; no macro needed)

-- definition: safe_water
-- name_zh: 饮水安全有保障
-- name_en: Safe drinking water
-- rule_zh: 饮水安全为“是”。
-- rule_en: drinking_water_safe is true.
-- source: national (两不愁三保障)

-- definition: insured
-- name_zh: 基本医疗有保障（参保）
-- name_en: Everyone insured
-- rule_zh: 家庭每名成员都参加了城乡居民基本医疗保险。
-- rule_en: Every member of the household has basic medical insurance.
-- source: national (两不愁三保障: 基本医疗有保障)

-- definition: meets_exit_standard
-- name_zh: 达到脱贫标准
-- name_en: Meets the exit standard
-- rule_zh: 收入达标，且两不愁三保障全部满足：住房安全、饮水安全、全家参保、没有义务教育阶段失学辍学的孩子。
-- rule_en: Income above the line, and every one of 两不愁三保障: safe housing, safe drinking water, everyone insured, no child of compulsory-school age out of school.
-- source: national (国务院扶贫办 贫困户退出标准)
create or replace macro meets_exit_standard(
    income_above, housing_safe, drinking_water_safe, uninsured_members, children_out_of_school
) as
    income_above and housing_safe and drinking_water_safe
    and uninsured_members = 0 and children_out_of_school = 0;
