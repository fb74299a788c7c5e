-- definition: unit_names
-- name_zh: 下一级单位及其名称
-- name_en: The units one level down, named
-- rule_zh: 某一快照中每个下一级单位（村代码的前 N 位，见“下一级单位”）一行，名称取该级的名称列；快照中没有名称的，暂以代码代替（页面再按区划名称表补上）。各页按村（或乡镇、县）列出的表都从这里取单位名单。
-- rule_en: One row per unit one level down of a snapshot (the first N digits of a village code, as village_units), named from that level's name column; a unit the snapshot does not name takes its code for now (the page fills it from the table of division names). The lists by village (or town, or county) of every page take their units from here.
-- source: national (国家统计局 统计用区划代码); data contract v1.1
create or replace macro unit_names(on_date, digits) as table
select unit_code, coalesce(any_value(unit_name), unit_code) as unit_name
from village_units(on_date, digits)
group by unit_code;
