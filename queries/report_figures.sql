-- report_figures: the 33 figures of the township's 2018-05-11 report, computed on a snapshot.
-- Grain: one row per figure id (F01..F33), each with up to three values whose meaning is the
-- figure's definition in shared/reference/seed-figures.md (e.g. F05: households, people).
-- Parameters: $snapshot_date (DATE).
-- This file is the one computation of the figures (dashboard/figures.py reads it). Not exited,
-- exited, people per household, the helper levels, administrative villages and the industry
-- programs are the definitions' (docs/definitions.md); F01 and F02 count every row of the
-- register (on_register: an ordinary household only under monitoring is not one), as the
-- report does.
-- not_in_source: F11 <- households.group_name
-- not_in_source: F21 <- households.family_doctor_signed
with households_on_date as (
    select * from household_facts where snapshot_date = $snapshot_date and on_register(status)
),

members_on_date as (
    select members.*
    from members
    join households_on_date
        on households_on_date.household_id = members.household_id
    where members.snapshot_date = $snapshot_date
),

payments_on_date as (
    select * from payments where snapshot_date = $snapshot_date
),

villages_on_date as (
    select * from villages where snapshot_date = $snapshot_date
),

loans_on_date as (
    select * from loans where snapshot_date = $snapshot_date
),

exits as (
    select exit_year, count(*) as households, sum(people) as people
    from households_on_date
    where is_exited
    group by exit_year
),

figures as (
    select 'F01' as figure_id, count(*) as value_1, null as value_2, null as value_3
    from households_on_date
    union all
    select 'F02', count(*), null, null from members_on_date
    union all
    select 'F03', count(*), null, null from households_on_date where is_not_exited
    union all
    select 'F04', coalesce(sum(people), 0), null, null
    from households_on_date where is_not_exited
    union all
    -- F05..F08: the exits of 2014, 2015, 2016 and 2017 (households, people; 0 in a year without).
    select
        'F0' || (report_year.exit_year - 2009),
        coalesce(exits.households, 0),
        coalesce(exits.people, 0),
        null
    from range(2014, 2018) as report_year(exit_year)
    left join exits on exits.exit_year = report_year.exit_year
    union all
    select 'F09', max(people), null, null
    from targets
    where snapshot_date = $snapshot_date and year = 2018 and village_code is null
    union all
    select
        'F10',
        count(*),
        count(*) filter (where is_administrative_village(kind)),
        count(*) filter (where kind = 'water_village')
    from villages_on_date
    union all
    select
        'F11',
        (select coalesce(sum(groups_count), 0) from villages_on_date),
        (select count(distinct (village_code, group_name)) from households_on_date),
        null
    union all
    select 'F12', count(*), null, null
    from helpers where snapshot_date = $snapshot_date and is_responsible_helper(level)
    union all
    select 'F13', count(*), null, null
    from helpers where snapshot_date = $snapshot_date and is_village_contact(level)
    union all
    select
        'F14',
        count(*),
        max(poor_village_exit_year),
        count(*) filter (where village_name = '山南村')
    from villages_on_date where is_poor_village
    union all
    select 'F15', count(distinct (household_id, year(paid_date))), coalesce(sum(amount_yuan), 0), null
    from payments_on_date
    where program = 'education_aid' and paid_date between date '2015-01-01' and date '2017-12-31'
    union all
    select 'F16', count(distinct household_id), coalesce(sum(amount_yuan), 0), null
    from payments_on_date
    where program = 'rainbow_plan' and paid_date between date '2016-01-01' and date '2017-12-31'
    union all
    select 'F17', count(distinct (household_id, year(paid_date))), coalesce(sum(amount_yuan), 0), null
    from payments_on_date
    where program = 'transport_subsidy'
      and paid_date between date '2015-01-01' and date '2017-12-31'
    union all
    select
        'F18',
        count(distinct person_id) filter (where course = 'city_employment'),
        count(distinct person_id) filter (where course = 'town_skills'),
        null
    from trainings where snapshot_date = $snapshot_date
    union all
    select 'F19', count(distinct person_id), null, null
    from payments_on_date
    where program = 'public_welfare_job'
      and paid_date between date '2018-01-01' and date '2018-06-30'
    union all
    select 'F20', count(distinct household_id), null, null
    from payments_on_date where program = 'housing_renovation'
    union all
    select
        'F21',
        round(100.0 * count(*) filter (where family_doctor_signed) / nullif(count(*), 0), 2),
        null,
        null
    from households_on_date
    union all
    select 'F22', count(distinct household_id), coalesce(sum(amount_yuan), 0), null
    from loans_on_date where mode = 'enterprise_use'
    union all
    select 'F23', coalesce(sum(amount_yuan), 0), null, null
    from payments_on_date where program = 'loan_dividend'
    union all
    select 'F24', count(distinct household_id), coalesce(sum(amount_yuan), 0), null
    from loans_on_date where mode = 'self_use'
    union all
    select 'F25', coalesce(sum(amount_yuan), 0), null, null from loans_on_date
    union all
    select 'F26', count(distinct person_id), coalesce(sum(amount_yuan), 0), null
    from payments_on_date
    where program = 'education_aid' and paid_date between date '2018-01-01' and date '2018-06-30'
    union all
    select 'F27', count(*), coalesce(sum(amount_yuan), 0), count(distinct household_id)
    from payments_on_date
    where is_industry_program(program)
      and paid_date between date '2017-01-01' and date '2018-06-30'
    union all
    select 'F28', count(*), coalesce(sum(amount_yuan), 0), null
    from payments_on_date
    where program = 'industry_breeding'
      and paid_date between date '2017-01-01' and date '2018-06-30'
    union all
    select 'F29', count(*), coalesce(sum(amount_yuan), 0), null
    from payments_on_date
    where program = 'industry_planting'
      and paid_date between date '2017-01-01' and date '2018-06-30'
    union all
    select 'F30', count(distinct household_id), count(*), coalesce(sum(amount_yuan), 0)
    from payments_on_date
    where is_industry_program(program)
      and paid_date between date '2018-01-01' and date '2018-06-30'
    union all
    select 'F31', count(distinct household_id), coalesce(sum(amount_yuan), 0), null
    from payments_on_date
    where program = 'pv_income' and paid_date between date '2018-01-01' and date '2018-06-30'
    union all
    select 'F32', coalesce(sum(vp.budget_yuan), 0), null, null
    from village_projects as vp
    inner join villages_on_date as unit on unit.village_code = vp.village_code
    where vp.snapshot_date = $snapshot_date
      and unit.village_name = '山南村'
      and vp.status = 'tendering'
    union all
    select 'F33', coalesce(sum(population), 0), null, null from villages_on_date
)

select
    figure_id,
    cast(value_1 as decimal(18, 2)) as value_1,
    cast(value_2 as decimal(18, 2)) as value_2,
    cast(value_3 as decimal(18, 2)) as value_3
from figures
order by figure_id
