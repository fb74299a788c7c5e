-- definition: payment_recipients
-- name_zh: 发放惠及人员
-- name_en: Whom a payment reached
-- rule_zh: 每笔发放与其惠及的人各一行：发给个人的是该人；发给户的（未写人员编号）是该户当期的每名成员。每行带领款户及其所在村。
-- rule_en: One row per payment and person it reached: the named recipient of a payment tied to a person; every member of the household for a payment to the household (no person_id). Each row keeps the household paid and its village.
-- source: ours (the report counts 人次 of students and post holders, and households otherwise)
-- Whom each payment reached: a province's 5 million payments reach 12 million people;
-- counting them distinct per program and village is the slow part of /programs.
-- materialised: order by program, paid_date, village_code; scope payments (by the household paid)
create or replace view payment_recipients as
with reached as (
    select pay.snapshot_date, pay.payment_id, pay.household_id, pay.program, pay.paid_date, pay.person_id
    from payments as pay
    where pay.person_id is not null
    union all
    select pay.snapshot_date, pay.payment_id, pay.household_id, pay.program, pay.paid_date, m.person_id
    from payments as pay
    inner join members as m
        on m.snapshot_date = pay.snapshot_date and m.household_id = pay.household_id
    where pay.person_id is null
)

select reached.*, h.village_code
from reached
left join households as h
    on h.snapshot_date = reached.snapshot_date and h.household_id = reached.household_id;
