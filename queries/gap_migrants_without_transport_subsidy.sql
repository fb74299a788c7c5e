-- gap_migrants_without_transport_subsidy: migrant workers outside the county with no 外出务工交通补助 in the window.
-- Grain: one row per member whose migrant_work is in_province or out_of_province (the subsidy is for
-- work outside the county) who is not covered; by village code, group, household, person.
-- Parameters: $snapshot_date (DATE), $window_months (INTEGER).
-- A member counts as covered when a transport_subsidy payment paid in the $window_months months up to
-- and including the snapshot date (paid_date > snapshot - window, <= snapshot) names them, or
-- names no one and went to their household (a payment recorded for the household only).
-- Households removed from the register (status removed) are left out: they are no longer
-- entitled; exited ones stay in (脱贫不脱政策).
-- Personal data: names are masked here (first character and two asterisks,
-- by the data layer's mask_name macro); id_number is never selected.
with h as (
    select household_id, village_code, group_name, status
    from households
    where snapshot_date = $snapshot_date
      and status <> 'removed'
),

heads as (
    select household_id, min(mask_name(name)) as head_name
    from members
    where snapshot_date = $snapshot_date
      and relation = 'head'
    group by household_id
),

program_payments as (
    select household_id, person_id, paid_date
    from payments
    where snapshot_date = $snapshot_date
      and program = 'transport_subsidy'
      and paid_date <= $snapshot_date
),

in_window as (
    select household_id, person_id
    from program_payments
    where paid_date > cast($snapshot_date - to_months($window_months) as date)
),

entitled as (
    select
        m.person_id,
        m.household_id,
        mask_name(m.name) as member_name,
        m.migrant_work,
        m.migrant_months
    from members as m
    where m.snapshot_date = $snapshot_date
      and m.migrant_work in ('in_province', 'out_of_province')
),

last_paid as (
    select person_id, max(paid_date) as last_paid_date
    from program_payments
    where person_id is not null
    group by person_id
)

select
    h.household_id,
    h.village_code,
    v.village_name,
    h.group_name,
    heads.head_name,
    h.status,
    entitled.*exclude (household_id),
    exists (
        select 1 from in_window where in_window.household_id = entitled.household_id
    ) as household_paid_in_window,
    last_paid.last_paid_date
from entitled
inner join h on h.household_id = entitled.household_id
left join villages as v
    on v.village_code = h.village_code
   and v.snapshot_date = $snapshot_date
left join heads on heads.household_id = h.household_id
left join last_paid on last_paid.person_id = entitled.person_id
where not exists (
    select 1
    from in_window
    where in_window.person_id = entitled.person_id
       or (in_window.person_id is null and in_window.household_id = entitled.household_id)
)
order by h.village_code, h.group_name, h.household_id, entitled.person_id
