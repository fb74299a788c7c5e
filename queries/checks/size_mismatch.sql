-- id: C33
-- severity: error
-- title_zh: 家庭人口数与成员记录数不符
-- title_en: Household size differs from its member rows
-- explanation_zh: 户表中的家庭人口数应等于该户的成员记录条数。不符的，或有成员漏录、多录（如已去世、已嫁出未减员），或人口数未更新。
-- explanation_en: The household's size must equal its number of member rows. A difference means a member missing or left on (died, married out), or a size not updated.
-- Grain: one row per registered household whose size differs from its count of member rows
-- (household_facts.people, 0 for a household without member rows).
-- Parameters: $snapshot_date (DATE).
select
    household_id,
    cast(null as varchar) as person_id,
    village_code,
    '家庭人口数 ' || size || '，成员记录 ' || people || ' 条' as detail
from household_facts
where snapshot_date = $snapshot_date
  and is_registered
  and size <> people
order by village_code, household_id
