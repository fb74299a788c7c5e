-- id: C05
-- severity: error
-- title_zh: 已脱贫户人均纯收入低于当年贫困线
-- title_en: Exited household earning below that year's poverty line
-- explanation_zh: 脱贫标准是人均纯收入稳定超过当年国家扶贫标准。已脱贫户收入低于其收入年度的贫困线：应核实收入（是否漏计务工、政策性收入），或按返贫处理。
-- explanation_en: Exit means an income per head steadily above the national poverty line of the year. An exited household below the line of its income year: check the income (wages, transfers left out?) or treat it as relapsed.
-- Grain: one row per exited household whose income_per_capita is below the line of its income_year.
-- Parameters: $snapshot_date (DATE), $poverty_lines (LIST of STRUCT(year INTEGER, yuan INTEGER)):
-- the national line by year, from data/reference/poverty_line.csv. A year the table lacks takes
-- the latest earlier year's line (as dashboard.reference.poverty_line_for does).
with lines as (
    select line.year as line_year, line.yuan as line_yuan
    from (select unnest($poverty_lines) as line)
),

exited as (
    select *
    from households
    where snapshot_date = $snapshot_date
      and status = 'exited'
),

matched as (
    select
        e.household_id,
        e.village_code,
        e.income_per_capita,
        e.income_year,
        (
            select l.line_yuan
            from lines as l
            where l.line_year <= e.income_year
            order by l.line_year desc
            limit 1
        ) as line_yuan
    from exited as e
)

select
    household_id,
    cast(null as varchar) as person_id,
    village_code,
    income_year || '年人均纯收入 ' || income_per_capita || ' 元，低于当年贫困线 '
    || line_yuan || ' 元' as detail
from matched
where income_per_capita < line_yuan
order by village_code, household_id
