-- definition: village_areas
-- name_zh: 行政区划层级
-- name_en: The administrative levels of a village
-- rule_zh: 省（2位）→ 地级市（4位）→ 县（6位）→ 乡镇（9位）→ 村（12位）统计用区划代码；快照未写地级市、省的代码时，取村代码的前4位、前2位。
-- rule_en: Province (2 digits) → prefecture (4) → county (6) → town (9) → village (12), the 统计用区划代码; a snapshot without prefecture or province codes takes the village code's first 4 or 2 digits.
-- source: national (国家统计局 统计用区划代码); data contract v1.1
create or replace view village_areas as
select
    v.*exclude (prefecture_code, province_code),
    coalesce(v.prefecture_code, left(v.village_code, 4)) as prefecture_code,
    coalesce(v.province_code, left(v.village_code, 2)) as province_code
from villages as v;
