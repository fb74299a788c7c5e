-- village_households: the poor households of one unit, personal data masked.
-- Grain: one row per household registered in the unit (removed ones too, with their status),
-- by group (in number order, as village_groups) then household number.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR).
-- Masking happens here, so no full name or ID number ever leaves the database: the head's
-- name is its first character and two asterisks (张** whatever the name's length, which is
-- itself identifying in a small village); id_number is not selected at all.
with people as (
    select household_id, count(*) as people
    from members
    where snapshot_date = $snapshot_date
    group by household_id
),

heads as (
    select household_id, any_value(mask_name(name)) as head_name
    from members
    where snapshot_date = $snapshot_date
      and relation = 'head'
    group by household_id
),

received as (
    select household_id, sum(amount_yuan) as yuan_received
    from payments
    where snapshot_date = $snapshot_date
      and paid_date <= $snapshot_date
    group by household_id
),

-- 村民组 numbered as in village_groups.sql: "三组" → 3, "十一组" → 11; other names NULL.
group_numbers as (
    select
        group_name,
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
    from (select distinct group_name from households where snapshot_date = $snapshot_date)
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
)

select
    h.household_id,
    h.group_name,
    hd.head_name,
    coalesce(p.people, 0) as people,
    h.attribute,
    h.main_cause,
    h.status,
    h.identified_year,
    h.exit_year,
    h.income_per_capita,
    coalesce(r.yuan_received, 0) as yuan_received,
    lv.last_visit
from households as h
left join people as p on p.household_id = h.household_id
left join heads as hd on hd.household_id = h.household_id
left join received as r on r.household_id = h.household_id
left join own_helper_visits as lv on lv.household_id = h.household_id
left join group_numbers as g on g.group_name = h.group_name
where h.snapshot_date = $snapshot_date
  and h.village_code = $village_code
order by g.group_number nulls last, h.group_name, h.household_id
