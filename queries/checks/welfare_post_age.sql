-- id: C40
-- severity: warning
-- title_zh: 公益性岗位人员未满16周岁或超过70周岁
-- title_en: Public-welfare post holder under 16 or over 70
-- explanation_zh: 公益性岗位应安排有一定劳动能力的贫困劳动力。发放工资时未满16周岁或超过70周岁的，须核实是否冒名顶替或录错人员。
-- explanation_en: Public-welfare posts go to poor people able to do some work. A holder under 16 or over 70 when paid must be checked: someone else working under their name, or the wrong person recorded.
-- Grain: one row per person named by public_welfare_job payments on or before the snapshot date
-- whose age on a payment date was under 16 or over 70 (71 and more whole years); the detail
-- gives the payments concerned.
-- Parameters: $snapshot_date (DATE).
-- Personal data: the member's name is masked (first character and two asterisks).
with paid as (
    select
        p.household_id,
        p.person_id,
        p.payment_id,
        p.paid_date,
        m.name,
        date_sub('year', m.birth_date, p.paid_date) as age
    from payments as p
    inner join members as m
        on m.person_id = p.person_id
       and m.snapshot_date = p.snapshot_date
    where p.snapshot_date = $snapshot_date
      and p.program = 'public_welfare_job'
      and p.paid_date <= $snapshot_date::date
)

select
    paid.household_id,
    paid.person_id,
    h.village_code,
    '公益性岗位人员 ' || left(any_value(paid.name), 1) || '**，发放时 ' || min(paid.age) || '–'
    || max(paid.age) || '岁，共 ' || count(*) || ' 笔（' || min(paid.payment_id) || ' 起）'
    as detail
from paid
left join households as h
    on h.household_id = paid.household_id
   and h.snapshot_date = $snapshot_date
where paid.age < 16 or paid.age > 70
group by paid.household_id, paid.person_id, h.village_code
order by h.village_code, paid.household_id, paid.person_id
