-- definition: registered_members_of
-- name_zh: 某一快照在册户的成员
-- name_en: The members of a snapshot's registered households
-- rule_zh: 某一快照日在册户（未脱贫、已脱贫、返贫）的成员，各项同“成员及其所在户”（年龄、各项判定、户的村代码、状态、属性和主要致贫原因）。成员级逻辑检查“在册户成员中……的”都从这里读起，各条检查只写自己的条件。
-- rule_en: The members of one snapshot date's registered households (not exited, exited or relapsed), with the columns of members with their household (age, flags, the household's village, status, attribute and main cause). The member-level logic checks ("members of registered households where …") all start here and write only their own condition.
-- source: ours (the rows the member-level logic checks share)
create or replace macro registered_members_of(on_date) as table
select *
from members_with_household
where snapshot_date = on_date
  and household_is_registered;
