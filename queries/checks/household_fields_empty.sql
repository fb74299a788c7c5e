-- id: C11
-- severity: warning
-- title_zh: 贫困户重要信息项为空
-- title_en: Household with an important field left empty
-- explanation_zh: 村民组、所属村、计划脱贫年度（未脱贫和返贫户）是统计和安排脱贫计划必需的。为空的，须补录。
-- explanation_en: The villager group, the village, and the planned exit year (for households not yet exited or relapsed) are needed to count and to plan. Fill in what is missing.
-- Grain: one row per registered household with a blank group_name or village_code, or, when not
-- exited or relapsed, no planned_exit_year. The fields empty are listed in the detail.
-- Parameters: $snapshot_date (DATE).
with blanks as (
    select
        household_id,
        village_code,
        concat_ws(
            '、',
            case when trim(group_name) = '' then '村民组' end,
            case when trim(village_code) = '' then '所属村' end,
            case
                when is_not_exited(status) and planned_exit_year is null then '计划脱贫年度'
            end
        ) as empty_fields
    from registered_households_of($snapshot_date)
)

select
    household_id,
    cast(null as varchar) as person_id,
    nullif(trim(village_code), '') as village_code,
    '为空：' || empty_fields as detail
from blanks
where empty_fields <> ''
order by village_code, household_id
