-- definition: household_heads
-- name_zh: 户主姓名（脱敏）
-- name_en: The head of each household, masked
-- rule_zh: 每户一行：与户主关系为“户主”的成员姓名，经姓名脱敏规则处理；一户登记了多个户主时取排序最前者。
-- rule_en: One row per household: the name of its member whose relation is head, masked by the masked-name rule; a household with more than one head recorded shows the first in sort order.
-- source: ours (the masked-name rule above, applied once)
create or replace view household_heads_unmasked as
select snapshot_date, household_id, min(name) as head_name_unmasked
from members
where relation = 'head'
group by snapshot_date, household_id;
