-- village_groups: the poor households of one unit by 村民组 (village group).
-- Grain: one row per group that has a registered household, in the groups' number order
-- (一组, 二组 … 十一组), then by name for groups not named by a number.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR).
-- Registered leaves out removed households; not exited counts not_exited and relapsed.
with people as (
    select household_id, count(*) as people
    from members
    where snapshot_date = $snapshot_date
    group by household_id
),

village_households as (
    select h.group_name, h.status, coalesce(p.people, 0) as people
    from households as h
    left join people as p on p.household_id = h.household_id
    where h.snapshot_date = $snapshot_date
      and h.village_code = $village_code
      and h.status <> 'removed'
),

per_group as (
    select
        group_name,
        count(*) as households,
        sum(people) as people,
        count(*) filter (where status in ('not_exited', 'relapsed')) as not_exited_households,
        coalesce(sum(people) filter (where status in ('not_exited', 'relapsed')), 0)
            as not_exited_people
    from village_households
    group by group_name
),

-- 村民组 are numbered in Chinese numerals: "三组" → 3, "十一组" → 11, "二十组" → 20. Digits to
-- Arabic, a leading 十 is 1十, a trailing 十 is 十0, then 十 goes; names that are no number get NULL.
numbered as (
    select
        *,
        try_cast(
            replace(
                regexp_replace(
                    regexp_replace(
                        translate(regexp_replace(trim(group_name), '组$', ''), '一二三四五六七八九', '123456789'),
                        '^十', '1十'
                    ),
                    '十$', '十0'
                ),
                '十', ''
            ) as integer
        ) as group_number
    from per_group
)

select
    group_name,
    households,
    people,
    not_exited_households,
    not_exited_people
from numbered
order by group_number nulls last, group_name
