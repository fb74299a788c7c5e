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
-- The repeated groups are the staging view payment_repeats (kept as a file per snapshot: finding
-- them among a province's five million payments takes a second); names are looked up here.
with repeated as (
    select * from payment_repeats where snapshot_date = $snapshot_date
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
