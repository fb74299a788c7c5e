-- id: C35
-- severity: warning
-- title_zh: 户主未满16周岁
-- title_en: Head of household under 16
-- explanation_zh: 户主一般是成年人。未满16周岁的户主，多为与户主关系或出生日期填错；确为孤儿独立立户的，应核实监护和帮扶落实情况。
-- explanation_en: A head is normally an adult. One under 16 usually means a wrong relation or birth date; a true orphan heading a household needs a guardian and help checked.
-- Grain: one row per head of a registered household aged under 16 on the snapshot date.
-- Parameters: $snapshot_date (DATE).
-- Personal data: the head's name goes through mask_name.
select household_id, person_id, village_code,
    '户主 ' || mask_name(name) || '，' || age || '岁' as detail
from registered_members_of($snapshot_date)
where relation = 'head' and age < 16
order by village_code, household_id
