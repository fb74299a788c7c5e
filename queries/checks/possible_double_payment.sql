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
-- Candidates first, by a hash of the payment's identity (a province pays 5 million times a
-- snapshot; grouping them all by seven columns with their ids listed took 18 s): a hash shared
-- by chance only lets more rows into the exact grouping below, which keeps the real repeats.
with paid as (
    select
        payment_id,
        household_id,
        person_id,
        village_code,
        program,
        program_zh,
        amount_yuan,
        paid_date,
        hash(household_id, person_id, program, amount_yuan, paid_date) as identity
    from payments_with_household
    where snapshot_date = $snapshot_date
      and is_paid_by_snapshot
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
        person_id,
        village_code,
        program_zh,
        amount_yuan,
        paid_date,
        count(*) as payments,
        string_agg(payment_id, '、' order by payment_id) as payment_ids
    from paid
    where identity in (select identity from candidates)
    group by household_id, person_id, village_code, program, program_zh, amount_yuan, paid_date
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
