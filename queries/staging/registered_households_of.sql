-- definition: registered_households_of
-- name_zh: 某一快照的在册户
-- name_en: The registered households of a snapshot
-- rule_zh: 某一快照日在册（未脱贫、已脱贫、返贫；不含已清退和仅监测）的户，户表的各项照旧。户级逻辑检查“在册户中……的”都从这里读起，各条检查只写自己的条件。
-- rule_en: The households of one snapshot date that are on the register (not exited, exited or relapsed; removed and monitored-only ones left out), with every column of the households table. The household-level logic checks ("registered households where …") all start here and write only their own condition.
-- source: ours (the rows the household-level logic checks share)
create or replace macro registered_households_of(on_date) as table
select *
from households
where snapshot_date = on_date
  and is_registered(status);
