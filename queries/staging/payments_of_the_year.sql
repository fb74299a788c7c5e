-- definition: payments_of_the_year
-- name_zh: 本年度某一项目的发放
-- name_en: A program's payments of the snapshot's year
-- rule_zh: 某一快照中，某一项目在快照所在年度、快照日及以前发放的每一笔（含领款户的村和所指成员的各项，同“发放记录及其领款户、所指成员”），另加检查写给村干部的开头“支付 编号：日期 项目 金额 元，”。以前年度不判断：当时的学生现在可能已毕业。教育补助、雨露计划的检查都从这里读起。
-- rule_en: Every payment of one program in one snapshot paid in the snapshot's year, on or before its date (with the household's village and the named member's columns, as payments_with_household), and the opening a check writes for the village cadre, "支付 id：date program amount 元，". Earlier years are not judged: a pupil then may have left school since. The education-aid and Rainbow Plan checks both start here.
-- source: ours (checks C38 and C39)
create or replace macro payments_of_the_year(on_date, program_code) as table
select
    *,
    '支付 ' || payment_id || '：' || strftime(paid_date, '%Y-%m-%d') || ' ' || program_zh || ' '
    || amount_yuan || ' 元，' as payment_said
from payments_with_household
where snapshot_date = on_date
  and program = program_code
  and is_paid_by_snapshot
  and year(paid_date) = year(on_date::date);
