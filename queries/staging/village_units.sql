-- definition: village_units
-- name_zh: 下一级单位
-- name_en: The unit a village is counted in
-- rule_zh: 图表与排名按所选区域的下一级汇总：省看各市，县看各乡镇，乡镇看各村。村代码的前 N 位即其所属单位（2 省、4 地级市、6 县、9 乡镇、12 村）；单位名称取快照中该级的名称列（未写时由页面按区划名称表补上）。
-- rule_en: Charts and rankings add up to the next level below the chosen area: a province shows its prefectures, a county its towns, a town its villages. A village's unit is the first N digits of its code (2 province, 4 prefecture, 6 county, 9 town, 12 village); the unit's name is the snapshot's name column of that level (filled from the table of division names where the file has none).
-- source: national (国家统计局 统计用区划代码); data contract v1.1
create or replace macro village_units(on_date, digits) as table
select
    v.village_code,
    left(v.village_code, digits) as unit_code,
    case digits
        when 12 then v.village_name
        when 9 then v.town_name
        when 6 then v.county_name
        when 4 then v.prefecture_name
        when 2 then v.province_name
    end as unit_name,
    case when digits = 12 then v.kind else 'unit' end as unit_kind
from villages as v
where v.snapshot_date = on_date;
