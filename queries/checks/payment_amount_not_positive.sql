-- id: C42
-- severity: error
-- title_zh: 发放金额为零或负数
-- title_en: Payment of zero or a negative amount
-- explanation_zh: 发放金额应大于零。为零或负数的，多为冲账、退款记录混入发放台账，或金额漏填：请核实并单独记录。
-- explanation_en: An amount paid is above zero. Zero or less is usually a reversal or refund mixed into the ledger, or a missing amount: check it and record reversals apart.
-- Grain: one row per payment on or before the snapshot date with amount_yuan <= 0.
-- Parameters: $snapshot_date (DATE).
select
    household_id,
    person_id,
    village_code,
    '支付 ' || payment_id || '：' || strftime(paid_date, '%Y-%m-%d') || ' ' || program_zh
    || ' 金额 ' || amount_yuan || ' 元' as detail
from payments_with_household
where snapshot_date = $snapshot_date
  and is_paid_by_snapshot
  and amount_yuan <= 0
order by village_code, household_id, payment_id
