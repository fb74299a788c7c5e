-- helpers_by_unit: how many helpers each work unit sends, at each level (市 / 镇 / 村).
-- Grain: one row per (level, unit), by level (city, town, village), then most helpers first,
-- then unit.
-- Parameters: $snapshot_date (DATE).
-- households counts the registered households the unit's helpers answer for (the staging view
-- helper_households: as 帮扶责任人 for city and town helpers, as 村级联系人 for village
-- contacts); remaining_households are those of them not yet exited.
select
    roster.level,
    roster.unit,
    count(distinct roster.helper_id) as helpers,
    count(distinct answered.household_id) as households,
    count(distinct answered.household_id) filter (where answered.is_not_exited)
        as remaining_households
from helpers as roster
left join helper_households as answered
    on answered.snapshot_date = roster.snapshot_date
   and answered.helper_id = roster.helper_id
where roster.snapshot_date = $snapshot_date
group by roster.level, roster.unit
order by helper_level_order(roster.level), helpers desc, roster.unit
