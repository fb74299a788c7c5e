-- definition: household_places
-- name_zh: 贫困户所在村组
-- name_en: Where each household lives, and its head
-- rule_zh: 每户一行：户的全部字段，加所在村居名称和户主姓名（脱敏），以及是否在册（清退户不在册）。
-- rule_en: One row per household: its columns, with the name of its village-level unit, its head's masked name, and whether it is registered (removed households are not).
-- source: ours (the registered and household_heads definitions, applied once)
create or replace view household_places as
select
    h.*,
    v.village_name,
    heads.head_name,
    is_registered(h.status) as is_registered,
    is_not_exited(h.status) as is_not_exited
from households as h
left join villages as v
    on v.snapshot_date = h.snapshot_date and v.village_code = h.village_code
left join household_heads as heads
    on heads.snapshot_date = h.snapshot_date and heads.household_id = h.household_id;
