-- village_measures: the five map measures of every unit, and the headline numbers of its profile.
-- Grain: one row per village-level unit (every unit, also those with no poor household),
-- in village-code order.
-- Parameters: $snapshot_date (DATE), $stale_days (INTEGER: a visit by the household's own
--             helper older than this many days, or none at all, does not count as a visit).
-- Measures:
--   not_exited_households  未脱贫户: status not_exited or relapsed (as household_totals).
--   incidence              贫困发生率: not-exited poor people / the unit's registered population.
--   exited_share           脱贫户占比: exited households / registered households (not removed).
--   yuan_per_household     户均到户资金: every payment to the unit's households paid on or before
--                          the snapshot date (removed households' too: the money was spent)
--                          / registered households.
--   visit_coverage         走访覆盖率: not-exited households visited by their own helper within
--                          $stale_days days / not-exited households (NULL when there are none).
with units as (
    select village_code, village_name, kind, population
    from villages
    where snapshot_date = $snapshot_date
),

people as (
    select household_id, count(*) as people
    from members
    where snapshot_date = $snapshot_date
    group by household_id
),

own_helper_visits as (
    select v.household_id, max(v.visit_date) as last_visit
    from visits as v
    inner join households as h
        on h.household_id = v.household_id
        and h.helper_id = v.helper_id
        and h.snapshot_date = v.snapshot_date
    where v.snapshot_date = $snapshot_date
      and v.visit_date <= $snapshot_date
    group by v.household_id
),

household_flags as (
    select
        h.village_code,
        h.status <> 'removed' as is_registered,
        h.status = 'exited' as is_exited,
        h.status in ('not_exited', 'relapsed') as is_poor,
        coalesce(p.people, 0) as people,
        coalesce(lv.last_visit >= $snapshot_date - $stale_days::integer, false) as visited_recently
    from households as h
    left join people as p on p.household_id = h.household_id
    left join own_helper_visits as lv on lv.household_id = h.household_id
    where h.snapshot_date = $snapshot_date
),

per_village as (
    select
        village_code,
        count(*) filter (where is_registered) as households,
        coalesce(sum(people) filter (where is_registered), 0) as people,
        count(*) filter (where is_exited) as exited_households,
        count(*) filter (where is_poor) as not_exited_households,
        coalesce(sum(people) filter (where is_poor), 0) as not_exited_people,
        count(*) filter (where is_poor and visited_recently) as visited_households
    from household_flags
    group by village_code
),

received as (
    select h.village_code, sum(pay.amount_yuan) as yuan_received
    from payments as pay
    inner join households as h
        on h.household_id = pay.household_id
        and h.snapshot_date = pay.snapshot_date
    where pay.snapshot_date = $snapshot_date
      and pay.paid_date <= $snapshot_date
    group by h.village_code
),

measures as (
    select
        u.village_code,
        u.village_name,
        u.kind,
        u.population,
        coalesce(v.households, 0) as households,
        coalesce(v.people, 0) as people,
        coalesce(v.exited_households, 0) as exited_households,
        coalesce(v.not_exited_households, 0) as not_exited_households,
        coalesce(v.not_exited_people, 0) as not_exited_people,
        coalesce(v.visited_households, 0) as visited_households,
        coalesce(r.yuan_received, 0) as yuan_received
    from units as u
    left join per_village as v on v.village_code = u.village_code
    left join received as r on r.village_code = u.village_code
)

select
    village_code,
    village_name,
    kind,
    population,
    households,
    people,
    exited_households,
    not_exited_households,
    not_exited_people,
    visited_households,
    yuan_received,
    not_exited_people::double / nullif(population, 0) as incidence,
    exited_households::double / nullif(households, 0) as exited_share,
    yuan_received::double / nullif(households, 0) as yuan_per_household,
    visited_households::double / nullif(not_exited_households, 0) as visit_coverage
from measures
order by village_code
