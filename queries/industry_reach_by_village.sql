-- industry_reach_by_village: how far industry support reached in each village, in a period.
-- Grain: one row per village-level unit (every unit of the snapshot, also those with no
-- industry support), in village-code order.
-- Parameters: $snapshot_date (DATE), $paid_from (DATE), $paid_to (DATE), both ends inclusive.
-- registered_households leaves out removed households (清退); not_exited_households counts
-- not_exited and relapsed (未脱贫, as the report counts them). reached_households are the
-- registered households with an industry payment in the period; reached_not_exited_households
-- are those of them not exited on the snapshot's date. The ratios (yuan per reached and
-- per registered household, reached / registered, reached not-exited / not-exited) are NULL
-- where the denominator is 0.
with registered as (
    select h.household_id, h.village_code, h.status in ('not_exited', 'relapsed') as is_not_exited
    from households as h
    where h.snapshot_date = $snapshot_date
      and h.status <> 'removed'
),

industry_payments as (
    select p.household_id, p.amount_yuan
    from payments as p
    where p.snapshot_date = $snapshot_date
      and p.program in ('industry_planting', 'industry_breeding')
      and p.paid_date between $paid_from and $paid_to
),

per_household as (
    select i.household_id, count(*) as projects, sum(i.amount_yuan) as yuan
    from industry_payments as i
    group by i.household_id
),

per_village as (
    select
        r.village_code,
        count(*) as registered_households,
        count(*) filter (where r.is_not_exited) as not_exited_households,
        count(ph.household_id) as reached_households,
        count(ph.household_id) filter (where r.is_not_exited) as reached_not_exited_households,
        coalesce(sum(ph.projects), 0) as projects,
        coalesce(sum(ph.yuan), 0) as yuan
    from registered as r
    left join per_household as ph on ph.household_id = r.household_id
    group by r.village_code
)

select
    v.village_code,
    v.village_name,
    coalesce(pv.registered_households, 0) as registered_households,
    coalesce(pv.not_exited_households, 0) as not_exited_households,
    coalesce(pv.reached_households, 0) as reached_households,
    coalesce(pv.reached_not_exited_households, 0) as reached_not_exited_households,
    cast(coalesce(pv.projects, 0) as bigint) as projects,
    coalesce(pv.yuan, 0) as yuan,
    pv.yuan / nullif(pv.reached_households, 0) as yuan_per_reached_household,
    pv.yuan / nullif(pv.registered_households, 0) as yuan_per_registered_household,
    pv.reached_households / nullif(pv.registered_households, 0) as reached_share_of_registered,
    pv.reached_not_exited_households / nullif(pv.not_exited_households, 0)
        as reached_share_of_not_exited
from villages as v
left join per_village as pv on pv.village_code = v.village_code
where v.snapshot_date = $snapshot_date
order by v.village_code
