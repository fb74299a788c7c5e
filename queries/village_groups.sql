-- village_groups: the poor households of one unit by 村民组 (village group).
-- Grain: one row per group that has a registered household, in the groups' number order
-- (一组, 二组 … 十一组: the group_number definition), then by name for groups not named by a
-- number.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR).
-- Registered and not exited as household_facts applies them (docs/definitions.md).
-- A snapshot whose source did not carry the groups (contract v1.2) has one group, NULL: named.
-- not_in_source: group_name <- households.group_name
select
    group_name,
    count(*) as households,
    sum(people) as people,
    count(*) filter (where is_not_exited) as not_exited_households,
    coalesce(sum(people) filter (where is_not_exited), 0) as not_exited_people
from household_facts
where snapshot_date = $snapshot_date
  and village_code = $village_code
  and is_registered
group by group_name
order by group_number(group_name) nulls last, group_name
