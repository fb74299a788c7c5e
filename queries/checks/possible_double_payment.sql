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
with repeated as (
    select
        household_id,
        person_id,
        village_code,
        program_zh,
        amount_yuan,
        paid_date,
        count(*) as payments,
        string_agg(payment_id, '、' order by payment_id) as payment_ids
    from payments_with_household
    where snapshot_date = $snapshot_date
      and is_paid_by_snapshot
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
