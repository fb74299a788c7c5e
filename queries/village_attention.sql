-- village_attention: what makes each village need attention, on one snapshot.
-- Grain: one row per village-level unit, in village-code order.
-- Parameters: $snapshot_date (DATE), $stale_days (INTEGER: a helper's visit older than this
--             many days, or none at all, counts as "not visited").
-- unmet_households: registered households (not removed) with 两不愁三保障 unmet: unsafe
-- housing or water, a member without medical insurance, or a child aged 6-15 out of school.
-- unvisited_households: not-exited households whose own helper has not visited them within
-- $stale_days days of the snapshot date.
with units as (
    select village_code, village_name, kind, population
    from villages
    where snapshot_date = $snapshot_date
),

member_flags as (
    select
        household_id,
        count(*) as people,
        bool_or(not medical_insurance) as someone_uninsured,
        bool_or(
            date_part('year', age($snapshot_date::timestamp, birth_date::timestamp)) between 6 and 15
            and school_stage = 'none'
        ) as child_out_of_school
    from members
    where snapshot_date = $snapshot_date
    group by household_id
),

last_visits as (
    select v.household_id, max(v.visit_date) as last_visit
    from visits as v
    inner join households as h
        on h.household_id = v.household_id
        and h.helper_id = v.helper_id
        and h.snapshot_date = v.snapshot_date
    where v.snapshot_date = $snapshot_date
    group by v.household_id
),

household_flags as (
    select
        h.village_code,
        h.status in ('not_exited', 'relapsed') as is_poor,
        coalesce(m.people, 0) as people,
        (not h.housing_safe or not h.drinking_water_safe
         or coalesce(m.someone_uninsured, false)
         or coalesce(m.child_out_of_school, false)) as unmet,
        h.status in ('not_exited', 'relapsed')
            and (lv.last_visit is null or lv.last_visit < $snapshot_date - $stale_days::integer)
            as unvisited
    from households as h
    left join member_flags as m on m.household_id = h.household_id
    left join last_visits as lv on lv.household_id = h.household_id
    where h.snapshot_date = $snapshot_date
      and h.status <> 'removed'
),

per_village as (
    select
        village_code,
        count(*) filter (where is_poor) as not_exited_households,
        coalesce(sum(people) filter (where is_poor), 0) as not_exited_people,
        count(*) filter (where unmet) as unmet_households,
        count(*) filter (where unvisited) as unvisited_households
    from household_flags
    group by village_code
)

select
    u.village_code,
    u.village_name,
    u.kind,
    u.population,
    coalesce(p.not_exited_households, 0) as not_exited_households,
    coalesce(p.not_exited_people, 0) as not_exited_people,
    coalesce(p.not_exited_people, 0) / nullif(u.population, 0) as incidence,
    coalesce(p.unmet_households, 0) as unmet_households,
    coalesce(p.unvisited_households, 0) as unvisited_households
from units as u
left join per_village as p on p.village_code = u.village_code
order by u.village_code
