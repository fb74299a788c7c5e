-- village_helpers: who helps one unit's households (帮扶责任人 and 村级联系人), names masked.
-- Grain: one row per helper with at least one registered household of the unit, by level
-- (city, town, village), then most households first, then helper id.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR).
-- households counts the unit's registered (not removed) households the helper is responsible
-- for, as helper or as village contact; last_visit is the helper's latest visit to any of them.
-- The name is masked here (first character and two asterisks), never in Python.
with village_households as (
    select household_id, status, helper_id, village_contact_id
    from households
    where snapshot_date = $snapshot_date
      and village_code = $village_code
      and status <> 'removed'
),

assignments as (
    select helper_id, household_id, status
    from village_households
    where helper_id is not null
    union
    select village_contact_id as helper_id, household_id, status
    from village_households
    where village_contact_id is not null
),

per_helper as (
    select
        helper_id,
        count(distinct household_id) as households,
        count(distinct household_id) filter (where status in ('not_exited', 'relapsed'))
            as not_exited_households
    from assignments
    group by helper_id
),

last_visits as (
    select v.helper_id, max(v.visit_date) as last_visit
    from visits as v
    inner join assignments as a
        on a.helper_id = v.helper_id
        and a.household_id = v.household_id
    where v.snapshot_date = $snapshot_date
      and v.visit_date <= $snapshot_date
    group by v.helper_id
)

select
    ph.helper_id,
    mask_name(hp.name) as helper_name,
    hp.unit,
    hp.level,
    ph.households,
    ph.not_exited_households,
    lv.last_visit
from per_helper as ph
left join helpers as hp
    on hp.helper_id = ph.helper_id
    and hp.snapshot_date = $snapshot_date
left join last_visits as lv on lv.helper_id = ph.helper_id
order by
    case hp.level when 'city' then 1 when 'town' then 2 when 'village' then 3 else 4 end,
    ph.households desc,
    ph.helper_id
