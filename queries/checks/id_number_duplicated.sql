-- id: C09
-- severity: error
-- title_zh: 身份证号码重复
-- title_en: ID number shared by two or more people
-- explanation_zh: 一人一号。同一身份证号码出现在两条以上的成员记录中（同户或跨户），可能是重复识别（一人在两户）或录错号码：核实后删除重复或更正号码。
-- explanation_en: One person, one number. The same ID number on two or more member rows (in one household or across households) means a person registered twice or a mistyped number: check, then remove the duplicate or correct the number.
-- Grain: one row per member whose non-blank id_number (trimmed, x read as X) another member of
-- the same snapshot also has; households removed from the register are left out.
-- Parameters: $snapshot_date (DATE).
-- Personal data: the number is masked here (first 6 and last 4 characters).
with m as (
    select
        m.person_id,
        m.household_id,
        m.name,
        upper(trim(m.id_number)) as number,
        h.village_code
    from members as m
    inner join households as h
        on h.household_id = m.household_id
       and h.snapshot_date = m.snapshot_date
    where m.snapshot_date = $snapshot_date
      and h.status <> 'removed'
      and trim(m.id_number) <> ''
),

shared as (
    select
        number,
        count(*) as people,
        string_agg(distinct household_id, '、' order by household_id) as households
    from m
    group by number
    having count(*) > 1
)

select
    m.household_id,
    m.person_id,
    m.village_code,
    '成员 ' || left(m.name, 1) || '** 的身份证号码 '
    || left(m.number, 6) || '********' || right(m.number, 4)
    || ' 共出现 ' || s.people || ' 次，涉及户：' || s.households as detail
from m
inner join shared as s on s.number = m.number
order by m.number, m.household_id, m.person_id
