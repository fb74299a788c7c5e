-- id: C16
-- severity: warning
-- title_zh: 特困供养（五保）户有劳动年龄内的劳动力
-- title_en: Extreme-poverty (五保) household with an able-bodied member of working age
-- explanation_zh: 特困供养（五保）的条件是无劳动能力、无生活来源、无法定赡养扶养义务人。户内有16至59周岁、劳动技能为普通或技能劳动力的成员，与五保条件矛盾：核实户属性（可能应为低保户或一般户）或成员劳动能力。
-- explanation_en: 特困供养 (五保) is for people unable to work, without income and without anyone obliged to support them. A member aged 16 to 59 able to work (ordinary or skilled labour) contradicts that: check the attribute (perhaps 低保 or general) or the member's labour ability.
-- Grain: one row per member of a registered tekun household who is of working age and able to
-- work (member_facts.is_working_age, is_able_to_work).
-- Parameters: $snapshot_date (DATE).
-- Personal data: the member's name goes through mask_name.
-- not_in_source: rows <- households.attribute
select household_id, person_id, village_code,
    '特困供养户成员 ' || mask_name(name) || '，' || age || '岁，' || able_labor_zh(labor) as detail
from registered_members_of($snapshot_date)
where household_attribute = 'tekun' and is_working_age and is_able_to_work
order by village_code, household_id, person_id
