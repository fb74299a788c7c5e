-- id: C41
-- severity: error
-- title_zh: 补助所指成员不属于领款户
-- title_en: Payment naming a person of another household
-- explanation_zh: 发给个人的补助（学生、公益性岗位等）应记在其本人所在户下。所指成员属于另一户的，须核实是记错户还是发错人。
-- explanation_en: A benefit tied to one person (a pupil, a post holder) is recorded under that person's household. One naming a member of another household was recorded under the wrong household or paid to the wrong person: check which.
-- Grain: one row per payment on or before the snapshot date whose person_id is a member of a
-- household other than the payment's.
-- Parameters: $snapshot_date (DATE).
-- Personal data: the member's name goes through mask_name.
select
    household_id,
    person_id,
    village_code,
    '支付 ' || payment_id || '（' || program_zh || '，' || amount_yuan || ' 元）记在本户，所指成员 '
    || mask_name(person_name) || ' 属于 ' || person_household_id || ' 户' as detail
from payments_with_household
where snapshot_date = $snapshot_date
  and is_paid_by_snapshot
  and person_is_member
  and person_household_id <> household_id
order by village_code, household_id, payment_id
