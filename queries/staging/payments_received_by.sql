-- definition: payments_received_by
-- name_zh: 到户资金（截至快照日）
-- name_en: Money received by the listed households
-- rule_zh: 某一快照中，户表上有的户在快照日及以前收到的每一笔发放（其后清退的户也算：钱已花出），另加该户的村代码。地图的户均到户资金、村画像的分项目分年度资金都从这里读起，所以两者对得上。
-- rule_en: Every payment of one snapshot paid on or before its date to a household on the snapshot's list (households removed since count too: the money was spent), with the household's village code. The map's yuan per household and a village profile's money by program and year both start here, so the two add up.
-- source: ours (户均到户资金)
-- Both tables are filtered to the snapshot by name: DuckDB does not carry one side's constant
-- across the join, and at a province's scale the other snapshots' households would be read.
create or replace macro payments_received_by(on_date) as table
select pay.*, h.village_code
from payments as pay
inner join households as h
    on h.household_id = pay.household_id
   and h.snapshot_date = on_date
where pay.snapshot_date = on_date
  and pay.paid_date <= on_date;
