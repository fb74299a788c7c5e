-- exit_target_progress: this year's exit target, and how far the households planned to exit
-- this year are from the exit standard (脱贫标准: income above the year's poverty line and
-- 两不愁三保障 — safe housing, safe drinking water, medical insurance for everyone, no child of
-- compulsory-school age out of school).
-- Grain: one row. The target is area_targets' (the area's own row, else its children's sum).
-- Parameters: $snapshot_date (DATE), $year (INTEGER, the target year).
-- Every test of the standard is household_facts' (docs/definitions.md: meets_exit_standard,
-- income_above_line, child_out_of_school): the line is that of the household's line_year (the
-- planned exit year when later than the income's year), and an income exactly on the line does
-- not meet it. income_below_line counts households whose income is not above the line.
-- not_in_source: ready_households <- households.housing_safe, households.drinking_water_safe, members.medical_insurance, members.education
-- not_in_source: ready_people <- households.housing_safe, households.drinking_water_safe, members.medical_insurance, members.education
-- not_in_source: not_ready_households <- households.housing_safe, households.drinking_water_safe, members.medical_insurance, members.education
-- not_in_source: housing_unsafe <- households.housing_safe
-- not_in_source: water_unsafe <- households.drinking_water_safe
-- not_in_source: someone_uninsured <- members.medical_insurance
-- not_in_source: child_out_of_school <- members.education
with target as (
    select max(households) as target_households, max(people) as target_people
    from area_targets
    where snapshot_date = $snapshot_date and year = $year
),

households_on_date as (
    select
        household_id,
        is_exited,
        is_not_exited,
        exit_year,
        planned_exit_year,
        people,
        meets_exit_standard,
        not is_income_above_line as income_below_line,
        not housing_safe as housing_unsafe,
        not drinking_water_safe as water_unsafe,
        uninsured_members > 0 as someone_uninsured,
        children_out_of_school > 0 as child_out_of_school
    from household_facts
    where snapshot_date = $snapshot_date
),

planned as (
    select *
    from households_on_date
    where is_not_exited and planned_exit_year = $year
)

select
    $year::integer as year,
    any_value(target.target_households) as target_households,
    any_value(target.target_people) as target_people,
    (select count(*) from households_on_date where is_exited and exit_year = $year)
        as exited_households,
    (select coalesce(sum(people), 0) from households_on_date
     where is_exited and exit_year = $year) as exited_people,
    count(planned.household_id) as planned_households,
    coalesce(sum(planned.people), 0) as planned_people,
    count(planned.household_id) filter (where planned.meets_exit_standard) as ready_households,
    coalesce(sum(planned.people) filter (where planned.meets_exit_standard), 0) as ready_people,
    count(planned.household_id) filter (where not planned.meets_exit_standard)
        as not_ready_households,
    count(planned.household_id) filter (where planned.income_below_line) as income_below_line,
    count(planned.household_id) filter (where planned.housing_unsafe) as housing_unsafe,
    count(planned.household_id) filter (where planned.water_unsafe) as water_unsafe,
    count(planned.household_id) filter (where planned.someone_uninsured) as someone_uninsured,
    count(planned.household_id) filter (where planned.child_out_of_school) as child_out_of_school
from target
left join planned on true
