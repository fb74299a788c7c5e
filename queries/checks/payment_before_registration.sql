-- id: C36
-- severity: error
-- title_zh: 发放时尚未识别为贫困户
-- title_en: Paid before the household was registered
-- explanation_zh: 扶贫资金只能发给已建档立卡的贫困户。发放年度早于该户识别年度，或该户不在本期名单上的，须核实资金去向，必要时追回。
-- explanation_en: Poverty funds go only to registered households. A payment in a year before the household's identified year, or to a household absent from this snapshot, must be checked and, if need be, recovered.
-- Grain: one row per payment on or before the snapshot date whose paid_date's year is before the
-- household's identified_year, or whose household is not in the snapshot's households.
-- Parameters: $snapshot_date (DATE).
select
    household_id,
    person_id,
    village_code,
    '支付 ' || payment_id || '：' || strftime(paid_date, '%Y-%m-%d') || ' 发放 '
    || amount_yuan || ' 元（' || program_zh || '），'
    || case
        when not household_is_listed then '该户不在本期贫困户名单上'
        else '该户识别年度为 ' || household_identified_year
    end as detail
from payments_with_household
where snapshot_date = $snapshot_date
  and is_paid_by_snapshot
  and (not household_is_listed or year(paid_date) < household_identified_year)
order by village_code, household_id, paid_date, payment_id
