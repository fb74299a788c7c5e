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
-- Candidates first, by a hash of the repeated key (as check C37 does): a province pays 5 million
-- times a snapshot, and grouping them all by four columns to join the repeats back took 5 s; a
-- hash shared by chance only lets more rows into the exact grouping, which keeps the real ones.
with paid as (
    select
        payment_id,
        household_id,
        program,
        amount_yuan,
        paid_date,
        person_id,
        hash(household_id, program, amount_yuan, paid_date) as identity
    from payments
    where snapshot_date = $snapshot_date
      and paid_date <= $snapshot_date
),

candidates as (
    select identity
    from paid
    group by identity
    having count(*) > 1
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
    from paid
    where identity in (select identity from candidates)
    group by household_id, program, amount_yuan, paid_date
    having count(*) > 1
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
