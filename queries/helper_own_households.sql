-- helper_own_households: the households a helper answers for, each with where it stands.
-- Grain: one row per registered household the viewer may read on the snapshot, not exited
-- first, then by village, group and household number. For a helper's account the data layer
-- reads only the households whose helper_id or village_contact_id is his (access/scope.py), so
-- these are his; for any other viewer they are the area's (the helper overview is a helper's).
-- Parameters: $snapshot_date (DATE).
-- The exit standard and what a household still lacks come from household_facts
-- (queries/staging/household_facts.sql: is_income_above_line, housing_safe,
-- drinking_water_safe, uninsured_members, children_out_of_school, meets_exit_standard);
-- last_visit_date is the household's own helper's latest visit, any_last_visit_date anyone's.
-- paid_yuan: every payment to the household up to the snapshot; paid_yuan_year: those of the
-- snapshot's calendar year. The head's name goes through mask_name (whole only for a viewer who
-- may see names).
with paid as (
    select
        p.household_id,
        sum(p.amount_yuan) as paid_yuan,
        sum(p.amount_yuan) filter (
            where p.paid_date >= date_trunc('year', $snapshot_date)
        ) as paid_yuan_year,
        count(*) as payments
    from payments as p
    where p.snapshot_date = $snapshot_date
      and p.paid_date <= $snapshot_date
    group by p.household_id
),

heads as (
    select m.household_id, min(m.name) as head_name
    from members as m
    where m.snapshot_date = $snapshot_date
      and m.relation = 'head'
    group by m.household_id
)

select
    h.household_id,
    mask_name(heads.head_name) as head_name,
    v.village_name,
    h.group_name,
    h.status,
    h.people,
    h.helper_id,
    h.village_contact_id,
    h.meets_exit_standard,
    h.is_income_above_line,
    h.income_per_capita,
    h.poverty_line_yuan,
    h.housing_safe,
    h.drinking_water_safe,
    h.uninsured_members,
    h.children_out_of_school,
    h.last_visit_date,
    h.any_last_visit_date,
    coalesce(paid.paid_yuan, 0) as paid_yuan,
    coalesce(paid.paid_yuan_year, 0) as paid_yuan_year,
    coalesce(paid.payments, 0) as payments
from household_facts as h
left join villages as v
    on v.snapshot_date = h.snapshot_date and v.village_code = h.village_code
left join heads
    on heads.household_id = h.household_id
left join paid
    on paid.household_id = h.household_id
where h.snapshot_date = $snapshot_date
  and h.is_registered
order by h.is_not_exited desc, h.village_code, h.group_name, h.household_id
