-- id: C40
-- severity: warning
-- title_zh: 公益性岗位人员未满16周岁或超过70周岁
-- title_en: Public-welfare post holder under 16 or over 70
-- explanation_zh: 公益性岗位应安排有一定劳动能力的贫困劳动力。发放工资时未满16周岁或超过70周岁的，须核实是否冒名顶替或录错人员。
-- explanation_en: Public-welfare posts go to poor people able to do some work. A holder under 16 or over 70 when paid must be checked: someone else working under their name, or the wrong person recorded.
-- Grain: one row per person named by public_welfare_job payments on or before the snapshot date
-- whose age on a payment date was under working age (16) or over labor_age_max() (71 and more
-- whole years); the detail gives the payments concerned.
-- Parameters: $snapshot_date (DATE).
-- Personal data: the member's name goes through mask_name.
with paid as (
    select *, age_on(person_birth_date, paid_date) as age
    from payments_with_household
    where snapshot_date = $snapshot_date
      and program = 'public_welfare_job'
      and is_paid_by_snapshot
      and person_is_member
)

select
    household_id,
    person_id,
    village_code,
    '公益性岗位人员 ' || mask_name(any_value(person_name)) || '，发放时 ' || min(age) || '–'
    || max(age) || '岁，共 ' || count(*) || ' 笔（' || min(payment_id) || ' 起）'
    as detail
from paid
where age < working_age_min() or age > labor_age_max()
group by household_id, person_id, village_code
order by village_code, household_id, person_id
