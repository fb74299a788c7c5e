-- industry_reach_by_village: how far industry support reached in each unit (village, or the
-- next level down above a town: a county's towns), in a period.
-- Grain: one row per unit (every unit of the snapshot, also those with no industry support),
-- in code order. village_code holds the unit's code (left(village_code, $unit_digits), the
-- village_units macro), village_name its name.
-- Parameters: $snapshot_date (DATE), $paid_from (DATE), $paid_to (DATE), both ends inclusive;
-- $unit_digits (INTEGER: 12 villages, the default; 9 towns, 6 counties, 4 prefectures, 2
-- provinces).
-- registered_households leaves out removed households (清退); not_exited_households counts
-- not_exited and relapsed (未脱贫, as the report counts them). reached_households are the
-- registered households with an industry payment in the period; reached_not_exited_households
-- are those of them not exited on the snapshot's date. The ratios (yuan per reached and
-- per registered household, reached / registered, reached not-exited / not-exited) are NULL
-- where the denominator is 0.
with registered as (
    select h.household_id, units.unit_code as village_code, is_not_exited(h.status) as is_not_exited
    from households as h
    inner join village_units($snapshot_date, $unit_digits) as units
        on units.village_code = h.village_code
    where h.snapshot_date = $snapshot_date
      and is_registered(h.status)
),

unit_list as (
    select unit_code as village_code, unit_name as village_name
    from unit_names($snapshot_date, $unit_digits)
),

industry_payments as (
    select p.household_id, p.amount_yuan
    from payments as p
    where p.snapshot_date = $snapshot_date
      and is_industry_program(p.program)
      and p.paid_date between $paid_from and $paid_to
),

per_household as (
    select household_id, count(*) as projects, sum(amount_yuan) as yuan
    from industry_payments
    group by household_id
),

per_village as (
    select
        registered.village_code,
        count(*) as registered_households,
        count(*) filter (where registered.is_not_exited) as not_exited_households,
        count(per_household.household_id) as reached_households,
        count(per_household.household_id) filter (where registered.is_not_exited)
            as reached_not_exited_households,
        coalesce(sum(per_household.projects), 0) as projects,
        coalesce(sum(per_household.yuan), 0) as yuan
    from registered
    left join per_household on per_household.household_id = registered.household_id
    group by registered.village_code
)

select
    v.village_code,
    v.village_name,
    coalesce(per_village.registered_households, 0) as registered_households,
    coalesce(per_village.not_exited_households, 0) as not_exited_households,
    coalesce(per_village.reached_households, 0) as reached_households,
    coalesce(per_village.reached_not_exited_households, 0) as reached_not_exited_households,
    cast(coalesce(per_village.projects, 0) as bigint) as projects,
    coalesce(per_village.yuan, 0) as yuan,
    per_village.yuan / nullif(per_village.reached_households, 0) as yuan_per_reached_household,
    per_village.yuan / nullif(per_village.registered_households, 0) as yuan_per_registered_household,
    per_village.reached_households / nullif(per_village.registered_households, 0) as reached_share_of_registered,
    per_village.reached_not_exited_households / nullif(per_village.not_exited_households, 0)
        as reached_share_of_not_exited
from unit_list as v
left join per_village on per_village.village_code = v.village_code
order by v.village_code
