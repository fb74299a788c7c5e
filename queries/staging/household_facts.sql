-- definition: household_facts
-- name_zh: 贫困户（含判定）
-- name_en: Households with their rules applied
-- rule_zh: 每户一行：人数，在册、已脱贫、未脱贫，收入比较的贫困线，收入达标、两不愁三保障各项、是否达到脱贫标准，有无劳动年龄成员，本户帮扶责任人最近走访日期、是否近期走访与走访频次统计期内的走访次数，本村联络员最近走访日期，任何人最近一次走访的日期。
-- rule_en: One row per household: its people, registered, exited, not exited, the line its income is compared with, income above the line, each of 两不愁三保障, meets the exit standard, has a member of working age, its own helper's last visit, whether that is recent and its visits in the visit-rate window, its village contact's last visit, the last visit by anyone.
-- source: ours (the definitions above, applied once)
-- materialised: order by village_code, household_id; scope households
create or replace view household_facts as
with member_totals as (
    select
        snapshot_date,
        household_id,
        count(*) as people,
        -- Contract v1.2: a source without 医保 or 文化程度 leaves them NULL; the count is then
        -- unknown (NULL), not 0, and so is the exit standard that rests on it.
        case
            when count(medical_insurance) = count(*)
                then count(*) filter (where not medical_insurance)
        end as uninsured_members,
        case
            when count(*) filter (where is_out_of_school is null) = 0
                then count(*) filter (where is_out_of_school)
        end as children_out_of_school,
        count(*) filter (where is_working_age) as working_age_members
    from member_facts
    group by snapshot_date, household_id
),

-- One pass over the visits: the household's own helper's latest visit and visits in the
-- visit-rate window (the snapshot's month and the months before it), its village contact's
-- latest visit, and the latest visit by anyone. A province's latest snapshot holds 28 million visits: the
-- pages read these per-household columns instead of the visits.
own_helper_visits as (
    select
        h.snapshot_date,
        h.household_id,
        max(v.visit_date) filter (where v.helper_id = h.helper_id) as last_visit_date,
        count(*) filter (
            where v.helper_id = h.helper_id
              and v.visit_date >= date_trunc('month', h.snapshot_date)
                  - to_months(visit_rate_months() - 1)
        ) as own_visits_in_window,
        max(v.visit_date) filter (where v.helper_id = h.village_contact_id)
            as contact_last_visit_date,
        max(v.visit_date) as any_last_visit_date
    from households as h
    inner join visits as v
        on v.snapshot_date = h.snapshot_date
       and v.household_id = h.household_id
    where v.visit_date <= h.snapshot_date  -- a visit dated after the snapshot is not before it
    group by h.snapshot_date, h.household_id
),

ruled as (
    select
        h.*,
        coalesce(t.people, 0) as people,
        -- no member rows: nobody uninsured; members whose insurance is unknown: unknown
        case when t.household_id is null then 0 else t.uninsured_members end as uninsured_members,
        case
            when t.household_id is null then 0 else t.children_out_of_school
        end as children_out_of_school,
        coalesce(t.working_age_members, 0) > 0 as has_working_age_member,
        is_registered(h.status) as is_registered,
        is_exited(h.status) as is_exited,
        is_not_exited(h.status) as is_not_exited,
        case
            when is_not_exited(h.status) and h.planned_exit_year > h.income_year
                then h.planned_exit_year
            else h.income_year
        end as line_year,
        ohv.last_visit_date,
        visited_recently(ohv.last_visit_date, h.snapshot_date) as is_visited_recently,
        coalesce(ohv.own_visits_in_window, 0) as own_visits_in_window,
        ohv.contact_last_visit_date,
        ohv.any_last_visit_date
    from households as h
    left join member_totals as t
        on t.snapshot_date = h.snapshot_date and t.household_id = h.household_id
    left join own_helper_visits as ohv
        on ohv.snapshot_date = h.snapshot_date and ohv.household_id = h.household_id
),

with_line as (
    select ruled.*, lines.poverty_line_yuan
    from ruled
    left join poverty_line_years as lines on lines.year = ruled.line_year
)

select
    *,
    income_per_capita > poverty_line_yuan as is_income_above_line,
    meets_exit_standard(
        income_per_capita > poverty_line_yuan,
        housing_safe,
        drinking_water_safe,
        uninsured_members,
        children_out_of_school
    ) as meets_exit_standard
from with_line;
