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
    select a.*, 'added' as change, $to_date as counted_on
    from after as a
    anti join before as b on b.person_id = a.person_id
    union all by name
    select b.*, 'removed' as change, $from_date as counted_on
    from before as b
    anti join after as a on a.person_id = b.person_id
)

select
    c.person_id,
    c.household_id,
    coalesce(ha.village_code, hb.village_code) as village_code,
    v.village_name,
    mask_name(c.name) as name,
    c.relation,
    c.sex,
    cast(date_part('year', age(c.counted_on, c.birth_date)) as integer) as age,
    c.change,
    case
        when c.change = 'added' and c.birth_date > $from_date then 'birth'
        when c.change = 'added' and hb.household_id is null then 'with_household'
        when c.change = 'removed' and ha.household_id is null then 'with_household'
        when c.change = 'added' then 'joined'
        else 'left'
    end as reason
from changes as c
left join households_before as hb on hb.household_id = c.household_id
left join households_after as ha on ha.household_id = c.household_id
left join villages as v
    on v.snapshot_date = $to_date
    and v.village_code = coalesce(ha.village_code, hb.village_code)
order by village_code, c.household_id, c.person_id
