-- id: C09
-- severity: error
-- title_zh: 身份证号码重复
-- title_en: ID number shared by two or more people
-- explanation_zh: 一人一号。同一身份证号码出现在两条以上的成员记录中（同户或跨户），可能是重复识别（一人在两户）或录错号码：核实后删除重复或更正号码。
-- explanation_en: One person, one number. The same ID number on two or more member rows (in one household or across households) means a person registered twice or a mistyped number: check, then remove the duplicate or correct the number.
-- Grain: one row per member whose non-blank id_number (trimmed, x read as X) another member of
-- the same snapshot also has; households removed from the register are left out.
-- Parameters: $snapshot_date (DATE).
-- Personal data: the name goes through mask_name, the number through mask_id_number.
with numbered as (
    select person_id, household_id, name, village_code, id_number_normalized as number
    from registered_members_of($snapshot_date)
    where trim(id_number) <> ''
),

shared as (
    select
        number,
        count(*) as people,
        string_agg(distinct household_id, '、' order by household_id) as households
    from numbered
    group by number
    having count(*) > 1
)

select
    numbered.household_id,
    numbered.person_id,
    numbered.village_code,
    '成员 ' || mask_name(numbered.name) || ' 的身份证号码 ' || mask_id_number(numbered.number)
    || ' 共出现 ' || shared.people || ' 次，涉及户：' || shared.households as detail
from numbered
inner join shared on shared.number = numbered.number
order by numbered.number, numbered.household_id, numbered.person_id
