-- programs_possible_double_payments: the same household paid the same program the same amount
-- on the same day more than once (不重不漏: possibly paid twice).
-- Grain: one row per (household, program, amount, paid_date) with two or more payments on or
-- before the snapshot date; latest first, then village code and household.
-- Parameters: $snapshot_date (DATE).
-- Two students of one household may each get the same sum on the same day: person_ids lists
-- who each payment names, so a reader can tell those apart from a true double payment
-- (distinct_people below the count of payments).
-- Personal data: the head's name is masked here; id_number is never selected.
with heads as (
    select household_id, min(mask_name(name)) as head_name
    from members
    where snapshot_date = $snapshot_date
      and relation = 'head'
    group by household_id
),

repeated as (
    select
        household_id,
        program,
        amount_yuan,
        paid_date,
        count(*) as payments,
        count(distinct person_id) as distinct_people,
        sum(amount_yuan) as total_yuan,
        string_agg(payment_id, ', ' order by payment_id) as payment_ids,
        string_agg(coalesce(person_id, '-'), ', ' order by payment_id) as person_ids
    from payments
    where snapshot_date = $snapshot_date
      and paid_date <= $snapshot_date
    group by household_id, program, amount_yuan, paid_date
    having count(*) > 1
)

select
    repeated.household_id,
    h.village_code,
    v.village_name,
    h.group_name,
    heads.head_name,
    repeated.program,
    repeated.amount_yuan,
    repeated.paid_date,
    repeated.payments,
    repeated.distinct_people,
    repeated.total_yuan,
    repeated.total_yuan - repeated.amount_yuan as possibly_overpaid_yuan,
    repeated.payment_ids,
    repeated.person_ids
from repeated
left join households as h
    on h.household_id = repeated.household_id
   and h.snapshot_date = $snapshot_date
left join villages as v
    on v.village_code = h.village_code
   and v.snapshot_date = $snapshot_date
left join heads on heads.household_id = repeated.household_id
order by repeated.paid_date desc, h.village_code, repeated.household_id, repeated.program
