-- compare_members: people added to or gone from the register between two snapshots.
-- Grain: one row per person on exactly one of the two snapshots, by village code, household
-- number, then person number.
-- Parameters: $from_date (DATE, the earlier snapshot), $to_date (DATE, the later one).
-- change: 'added' (on $to_date only) or 'removed' (on $from_date only).
-- reason, as far as the register can tell (it records no cause of leaving):
--   birth           added, born after $from_date
--   with_household  the household itself is not on the other snapshot (new or gone)
--   joined          added otherwise (marriage in, moved in, late registration)
--   left            removed while the household stays (death, marriage out, moved away)
-- Personal data is masked here: name as its first character and two asterisks; age instead
-- of the birth date; no ID number.
with before as (
    select * from members where snapshot_date = $from_date
),

after as (
    select * from members where snapshot_date = $to_date
),

households_before as (
    select household_id, village_code from households where snapshot_date = $from_date
),

households_after as (
    select household_id, village_code from households where snapshot_date = $to_date
),

changes as (
    select after.*, 'added' as change, $to_date as counted_on
    from after
    anti join before on before.person_id = after.person_id
    union all by name
    select before.*, 'removed' as change, $from_date as counted_on
    from before
    anti join after on after.person_id = before.person_id
)

select
    changes.person_id,
    changes.household_id,
    coalesce(households_after.village_code, households_before.village_code) as village_code,
    v.village_name,
    mask_name(changes.name) as name,
    changes.relation,
    changes.sex,
    age_on(changes.birth_date, changes.counted_on) as age,
    changes.change,
    case
        when changes.change = 'added' and changes.birth_date > $from_date then 'birth'
        when changes.change = 'added' and households_before.household_id is null then 'with_household'
        when changes.change = 'removed' and households_after.household_id is null then 'with_household'
        when changes.change = 'added' then 'joined'
        else 'left'
    end as reason
from changes
left join households_before on households_before.household_id = changes.household_id
left join households_after on households_after.household_id = changes.household_id
left join villages as v
    on v.snapshot_date = $to_date
    and v.village_code = coalesce(households_after.village_code, households_before.village_code)
order by village_code, changes.household_id, changes.person_id
