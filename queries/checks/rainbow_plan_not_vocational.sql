-- id: C39
-- severity: warning
-- title_zh: 雨露计划补助对象不是职业院校在校生
-- title_en: Rainbow Plan paid to someone not in vocational school
-- explanation_zh: 雨露计划补助就读中职、高职的贫困家庭学生。本年度发放的，所指成员在快照日不在中职或高职就读（或未指定成员）的，须核实。
-- explanation_en: The Rainbow Plan (雨露计划) supports students of poor households in secondary or higher vocational school. This year's payments naming a member not in vocational school on the snapshot date (or naming no one) must be checked.
-- Grain: one row per rainbow_plan payment dated in the snapshot's year, on or before it, whose
-- person is missing, not a member, or not in secondary or higher vocational school.
-- Parameters: $snapshot_date (DATE).
with plan as (
    select *
    from payments
    where snapshot_date = $snapshot_date
      and program = 'rainbow_plan'
      and paid_date <= $snapshot_date::date
      and year(paid_date) = year($snapshot_date::date)
)

select
    p.household_id,
    p.person_id,
    h.village_code,
    '支付 ' || p.payment_id || '：' || strftime(p.paid_date, '%Y-%m-%d') || ' 雨露计划 '
    || p.amount_yuan || ' 元，'
    || case
        when p.person_id is null then '未指定学生'
        when m.person_id is null then '所指成员 ' || p.person_id || ' 不在成员名单上'
        else '所指成员 ' || left(m.name, 1) || '** 的在校生状况不是中职或高职'
    end as detail
from plan as p
left join members as m
    on m.person_id = p.person_id
   and m.snapshot_date = $snapshot_date
left join households as h
    on h.household_id = p.household_id
   and h.snapshot_date = $snapshot_date
where m.person_id is null
   or m.school_stage not in ('secondary_vocational', 'higher_vocational')
order by h.village_code, p.household_id, p.paid_date, p.payment_id
