-- definition: coverage_gaps
-- name_zh: 应享未享（某一项目）
-- name_en: Members owed a benefit who did not get it
-- rule_zh: 某一快照日、某一项目（教育补助、雨露计划、外出务工交通补助）应享而统计期内未享的在册户成员，各项同“应享政策覆盖情况”，姓名按读者的权限脱敏。已清退户不列（不再享受）；已脱贫户照列（脱贫不脱政策）。各张缺口名单都从这里读起，只选自己的列。
-- rule_en: The members of registered households owed one program (education aid, the Rainbow Plan, the transport subsidy) on a snapshot date who were not covered in the window, with the columns of benefit_coverage and the names masked as the reader may see them. Removed households are left out (no longer entitled); exited ones stay in (脱贫不脱政策). The gap lists of /programs all start here and choose only their columns.
-- source: ours (the benefit_coverage and benefit_window definitions)
create or replace macro coverage_gaps(on_date, program_code) as table
select *
from benefit_coverage
where snapshot_date = on_date
  and program = program_code
  and is_registered
  and not is_covered;
