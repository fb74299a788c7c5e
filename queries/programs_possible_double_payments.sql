-- programs_possible_double_payments: the same household paid the same program the same amount
-- on the same day more than once (不重不漏: possibly paid twice).
-- Grain: one row per (household, program, amount, paid_date) with two or more payments on or
-- before the snapshot date; latest first, then village code and household.
-- Parameters: $snapshot_date (DATE).
-- Two students of one household may each get the same sum on the same day: person_ids lists
-- who each payment names, so a reader can tell those apart from a true double payment
-- (distinct_people below the count of payments).
-- Personal data: the head's name is masked by the staging view household_places; id_number is
-- never selected.
with paid as (
    select payment_id, household_id, program, amount_yuan, paid_date, person_id
    from payments
    where snapshot_date = $snapshot_date
      and paid_date <= $snapshot_date
),

-- The repeated keys first, counted only: the lists of payment and person IDs are built for
-- those few thousand groups, not for a province's five million payments.
repeated_keys as (
    select household_id, program, amount_yuan, paid_date
    from paid
    group by household_id, program, amount_yuan, paid_date
    having count(*) > 1
),

repeated as (
    select
        paid.household_id,
        paid.program,
        paid.amount_yuan,
        paid.paid_date,
        count(*) as payments,
        count(distinct paid.person_id) as distinct_people,
        sum(paid.amount_yuan) as total_yuan,
        string_agg(paid.payment_id, ', ' order by paid.payment_id) as payment_ids,
        string_agg(coalesce(paid.person_id, '-'), ', ' order by paid.payment_id) as person_ids
    from paid
    inner join repeated_keys as keys
        on keys.household_id is not distinct from paid.household_id
       and keys.program is not distinct from paid.program
       and keys.amount_yuan is not distinct from paid.amount_yuan
       and keys.paid_date is not distinct from paid.paid_date
    group by paid.household_id, paid.program, paid.amount_yuan, paid.paid_date
)

select
    repeated.household_id,
    place.village_code,
    place.village_name,
    place.group_name,
    place.head_name,
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
left join household_places as place
    on place.household_id = repeated.household_id
   and place.snapshot_date = $snapshot_date
order by repeated.paid_date desc, place.village_code, repeated.household_id, repeated.program
