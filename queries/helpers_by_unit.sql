-- helpers_by_unit: how many helpers each work unit sends, at each level (市 / 镇 / 村).
-- Grain: one row per (level, unit), by level (city, town, village), then most helpers first,
-- then unit.
-- Parameters: $snapshot_date (DATE).
-- households counts the registered (not removed) households the unit's helpers answer for:
-- as 帮扶责任人 (households.helper_id) for city and town helpers, as 村级联系人
-- (households.village_contact_id) for village contacts; remaining_households are those of them
-- not yet exited (not_exited or relapsed).
with roster as (
    select helper_id, unit, level
    from helpers
    where snapshot_date = $snapshot_date
),

registered as (
    select household_id, status, helper_id, village_contact_id
    from households
    where snapshot_date = $snapshot_date
      and status <> 'removed'
),

assignments as (
    select r.helper_id, h.household_id, h.status
    from roster as r
    inner join registered as h
        on (r.level in ('city', 'town') and h.helper_id = r.helper_id)
        or (r.level = 'village' and h.village_contact_id = r.helper_id)
)

select
    r.level,
    r.unit,
    count(distinct r.helper_id) as helpers,
    count(distinct a.household_id) as households,
    count(distinct a.household_id) filter (where a.status in ('not_exited', 'relapsed'))
        as remaining_households
from roster as r
left join assignments as a on a.helper_id = r.helper_id
group by r.level, r.unit
order by
    case r.level when 'city' then 1 when 'town' then 2 when 'village' then 3 else 4 end,
    helpers desc,
    r.unit
