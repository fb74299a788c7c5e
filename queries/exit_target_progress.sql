-- exit_target_progress: this year's exit target, and how far the households planned to exit
-- this year are from the exit standard (脱贫标准: income above the year's poverty line and
-- 两不愁三保障 — safe housing, safe drinking water, medical insurance for everyone, every
-- child of compulsory-school age in school).
-- Grain: one row.
-- Parameters: $snapshot_date (DATE), $year (INTEGER, the target year),
--             $poverty_line (DECIMAL, yuan per person for $year, from data/reference).
with target as (
    select max(households) as target_households, max(people) as target_people
    from targets
    where snapshot_date = $snapshot_date and year = $year and village_code is null
),

member_flags as (
    select
        household_id,
        count(*) as people,
        count(*) filter (where not medical_insurance) as uninsured,
        count(*) filter (
            where date_part('year', age($snapshot_date::timestamp, birth_date::timestamp))
                between 6 and 15
              and school_stage = 'none'
        ) as children_out_of_school
    from members
    where snapshot_date = $snapshot_date
    group by household_id
),

households_on_date as (
    select
        h.household_id,
        h.status,
        h.exit_year,
        h.planned_exit_year,
        coalesce(m.people, 0) as people,
        h.income_per_capita <= $poverty_line as income_below_line,
        not h.housing_safe as housing_unsafe,
        not h.drinking_water_safe as water_unsafe,
        coalesce(m.uninsured, 0) > 0 as someone_uninsured,
        coalesce(m.children_out_of_school, 0) > 0 as child_out_of_school
    from households as h
    left join member_flags as m on m.household_id = h.household_id
    where h.snapshot_date = $snapshot_date
),

planned as (
    select
        *,
        not (income_below_line or housing_unsafe or water_unsafe or someone_uninsured
             or child_out_of_school) as meets_standard
    from households_on_date
    where status in ('not_exited', 'relapsed') and planned_exit_year = $year
)

select
    $year::integer as year,
    any_value(target.target_households) as target_households,
    any_value(target.target_people) as target_people,
    (select count(*) from households_on_date where status = 'exited' and exit_year = $year)
        as exited_households,
    (select coalesce(sum(people), 0) from households_on_date
     where status = 'exited' and exit_year = $year) as exited_people,
    count(planned.household_id) as planned_households,
    coalesce(sum(planned.people), 0) as planned_people,
    count(planned.household_id) filter (where planned.meets_standard) as ready_households,
    coalesce(sum(planned.people) filter (where planned.meets_standard), 0) as ready_people,
    count(planned.household_id) filter (where not planned.meets_standard) as not_ready_households,
    count(planned.household_id) filter (where planned.income_below_line) as income_below_line,
    count(planned.household_id) filter (where planned.housing_unsafe) as housing_unsafe,
    count(planned.household_id) filter (where planned.water_unsafe) as water_unsafe,
    count(planned.household_id) filter (where planned.someone_uninsured) as someone_uninsured,
    count(planned.household_id) filter (where planned.child_out_of_school) as child_out_of_school
from target
left join planned on true
