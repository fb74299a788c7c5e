-- report_figures: the 33 figures of the township's 2018-05-11 report, computed on a snapshot.
-- Grain: one row per figure id (F01..F33), each with up to three values whose meaning is the
-- figure's definition in shared/reference/seed-figures.md (e.g. F05: households, people).
-- Parameters: $snapshot_date (DATE).
with h as (
    select * from households where snapshot_date = $snapshot_date
),

m as (
    select * from members where snapshot_date = $snapshot_date
),

p as (
    select * from payments where snapshot_date = $snapshot_date
),

v as (
    select * from villages where snapshot_date = $snapshot_date
),

l as (
    select * from loans where snapshot_date = $snapshot_date
),

household_people as (
    select h.household_id, h.status, h.exit_year, count(m.person_id) as people
    from h
    left join m on m.household_id = h.household_id
    group by h.household_id, h.status, h.exit_year
),

exits as (
    select exit_year, count(*) as households, sum(people) as people
    from household_people
    where status = 'exited'
    group by exit_year
),

figures as (
    select 'F01' as figure_id, count(*) as value_1, null as value_2, null as value_3 from h
    union all
    select 'F02', count(*), null, null from m
    union all
    select 'F03', count(*), null, null from h where status in ('not_exited', 'relapsed')
    union all
    select 'F04', coalesce(sum(people), 0), null, null
    from household_people where status in ('not_exited', 'relapsed')
    union all
    select 'F05', coalesce(max(households), 0), coalesce(max(people), 0), null
    from exits where exit_year = 2014
    union all
    select 'F06', coalesce(max(households), 0), coalesce(max(people), 0), null
    from exits where exit_year = 2015
    union all
    select 'F07', coalesce(max(households), 0), coalesce(max(people), 0), null
    from exits where exit_year = 2016
    union all
    select 'F08', coalesce(max(households), 0), coalesce(max(people), 0), null
    from exits where exit_year = 2017
    union all
    select 'F09', max(people), null, null
    from targets
    where snapshot_date = $snapshot_date and year = 2018 and village_code is null
    union all
    select
        'F10',
        count(*),
        count(*) filter (where kind in ('village', 'water_village')),
        count(*) filter (where kind = 'water_village')
    from v
    union all
    select
        'F11',
        (select coalesce(sum(groups_count), 0) from v),
        (select count(distinct (village_code, group_name)) from h),
        null
    union all
    select 'F12', count(*), null, null
    from helpers where snapshot_date = $snapshot_date and level in ('city', 'town')
    union all
    select 'F13', count(*), null, null
    from helpers where snapshot_date = $snapshot_date and level = 'village'
    union all
    select
        'F14',
        count(*),
        max(poor_village_exit_year),
        count(*) filter (where village_name = '山南村')
    from v where is_poor_village
    union all
    select 'F15', count(distinct (household_id, year(paid_date))), coalesce(sum(amount_yuan), 0), null
    from p
    where program = 'education_aid' and paid_date between date '2015-01-01' and date '2017-12-31'
    union all
    select 'F16', count(distinct household_id), coalesce(sum(amount_yuan), 0), null
    from p
    where program = 'rainbow_plan' and paid_date between date '2016-01-01' and date '2017-12-31'
    union all
    select 'F17', count(distinct (household_id, year(paid_date))), coalesce(sum(amount_yuan), 0), null
    from p
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
    from p
    where program = 'public_welfare_job'
      and paid_date between date '2018-01-01' and date '2018-06-30'
    union all
    select 'F20', count(distinct household_id), null, null
    from p where program = 'housing_renovation'
    union all
    select
        'F21',
        round(100.0 * count(*) filter (where family_doctor_signed) / nullif(count(*), 0), 2),
        null,
        null
    from h
    union all
    select 'F22', count(distinct household_id), coalesce(sum(amount_yuan), 0), null
    from l where mode = 'enterprise_use'
    union all
    select 'F23', coalesce(sum(amount_yuan), 0), null, null
    from p where program = 'loan_dividend'
    union all
    select 'F24', count(distinct household_id), coalesce(sum(amount_yuan), 0), null
    from l where mode = 'self_use'
    union all
    select 'F25', coalesce(sum(amount_yuan), 0), null, null from l
    union all
    select 'F26', count(distinct person_id), coalesce(sum(amount_yuan), 0), null
    from p
    where program = 'education_aid' and paid_date between date '2018-01-01' and date '2018-06-30'
    union all
    select 'F27', count(*), coalesce(sum(amount_yuan), 0), count(distinct household_id)
    from p
    where program in ('industry_planting', 'industry_breeding')
      and paid_date between date '2017-01-01' and date '2018-06-30'
    union all
    select 'F28', count(*), coalesce(sum(amount_yuan), 0), null
    from p
    where program = 'industry_breeding'
      and paid_date between date '2017-01-01' and date '2018-06-30'
    union all
    select 'F29', count(*), coalesce(sum(amount_yuan), 0), null
    from p
    where program = 'industry_planting'
      and paid_date between date '2017-01-01' and date '2018-06-30'
    union all
    select 'F30', count(distinct household_id), count(*), coalesce(sum(amount_yuan), 0)
    from p
    where program in ('industry_planting', 'industry_breeding')
      and paid_date between date '2018-01-01' and date '2018-06-30'
    union all
    select 'F31', count(distinct household_id), coalesce(sum(amount_yuan), 0), null
    from p
    where program = 'pv_income' and paid_date between date '2018-01-01' and date '2018-06-30'
    union all
    select 'F32', coalesce(sum(vp.budget_yuan), 0), null, null
    from village_projects as vp
    inner join v on v.village_code = vp.village_code
    where vp.snapshot_date = $snapshot_date
      and v.village_name = '山南村'
      and vp.status = 'tendering'
    union all
    select 'F33', coalesce(sum(population), 0), null, null from v
)

select
    figure_id,
    cast(value_1 as decimal(18, 2)) as value_1,
    cast(value_2 as decimal(18, 2)) as value_2,
    cast(value_3 as decimal(18, 2)) as value_3
from figures
order by figure_id
