-- id: C37
-- severity: warning
-- title_zh: 疑似重复发放
-- title_en: Possibly paid twice
-- explanation_zh: 同一户、同一项目、同一人（或均未指定人）、同一金额、同一天发放了两次以上，疑似重复发放：核对发放凭证，重复的予以追回或删除重复记录。
-- explanation_en: The same household, program, person (or none), amount and day paid two or more times looks like a double payment: check the vouchers; recover the money or delete the duplicate row.
-- Grain: one row per (household, program, person, amount, paid_date) paid more than once on or
-- before the snapshot date; payments naming different people (two pupils of one household) are
-- not repeats.
-- Parameters: $snapshot_date (DATE).
-- Candidates first: the (household, program, amount, day) groups the staging view
-- payment_repeats already keeps (materialised per snapshot), so only their payments are grouped
-- again with the person (a province pays 5 million times a snapshot; grouping them all by seven
-- columns with their ids listed took 18 s).
with repeated_days as (
    select household_id, program, amount_yuan, paid_date
    from payment_repeats
    where snapshot_date = $snapshot_date
),

repeated as (
    select
        pay.household_id,
        pay.person_id,
        pay.village_code,
        pay.program_zh,
        pay.amount_yuan,
        pay.paid_date,
        count(*) as payments,
        string_agg(pay.payment_id, '、' order by pay.payment_id) as payment_ids
    from payments_with_household as pay
    inner join repeated_days as days
        on days.household_id = pay.household_id
       and days.program = pay.program
       and days.amount_yuan = pay.amount_yuan
       and days.paid_date = pay.paid_date
    where pay.snapshot_date = $snapshot_date
      and pay.is_paid_by_snapshot
    group by
        pay.household_id, pay.person_id, pay.village_code, pay.program, pay.program_zh,
        pay.amount_yuan, pay.paid_date
    having count(*) > 1
)

select
    household_id,
    person_id,
    village_code,
    strftime(paid_date, '%Y-%m-%d') || ' ' || program_zh || ' ' || amount_yuan || ' 元发放 '
    || payments || ' 次：' || payment_ids as detail
from repeated
order by village_code, household_id, paid_date
