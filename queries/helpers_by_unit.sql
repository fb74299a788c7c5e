-- helpers_by_unit: how many helpers each work unit sends, at each level (市 / 镇 / 村).
-- Grain: one row per (level, unit), by level (city, town, village), then most helpers first,
-- then unit.
-- Parameters: $snapshot_date (DATE).
-- households counts the registered households the unit's helpers answer for (the staging view
-- helper_households: as 帮扶责任人 for city and town helpers, as 村级联系人 for village
-- contacts); remaining_households are those of them not yet exited.
-- Added up from helper_loads (one row per helper): a household has one helper of a level, so
-- the unit's helpers' households add up to its distinct households.
select
    level,
    unit,
    count(*) as helpers,
    cast(sum(households) as bigint) as households,
    cast(sum(remaining_households) as bigint) as remaining_households
from helper_loads
where snapshot_date = $snapshot_date
group by level, unit
order by helper_level_order(level), helpers desc, unit
