-- village_households: the poor households of one unit, personal data masked.
-- Grain: one row per household registered in the unit (removed ones too, with their status),
-- by group (in number order: the group_number definition, as village_groups) then household
-- number.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR).
-- people and last_visit (by the household's own helper) are household_facts'; the head's name
-- is masked by the staging view household_heads (张** whatever the name's length, which is
-- itself identifying in a small village); id_number is not selected at all.
-- not_in_source: group_name <- households.group_name
-- not_in_source: attribute <- households.attribute
-- not_in_source: main_cause <- households.main_cause
with received as (
    select household_id, sum(amount_yuan) as yuan_received
    from payments
    where snapshot_date = $snapshot_date
      and paid_date <= $snapshot_date
    group by household_id
)

select
    facts.household_id,
    facts.group_name,
    heads.head_name,
    facts.people,
    facts.attribute,
    facts.main_cause,
    facts.status,
    facts.identified_year,
    facts.exit_year,
    facts.income_per_capita,
    coalesce(received.yuan_received, 0) as yuan_received,
    facts.last_visit_date as last_visit
from household_facts as facts
left join household_heads as heads
    on heads.snapshot_date = facts.snapshot_date and heads.household_id = facts.household_id
left join received on received.household_id = facts.household_id
where facts.snapshot_date = $snapshot_date
  and facts.village_code = $village_code
order by group_number(facts.group_name) nulls last, facts.group_name, facts.household_id
