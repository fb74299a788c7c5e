-- id: C18
-- severity: warning
-- title_zh: 超过70周岁标为劳动力
-- title_en: Over 70 and marked able to work
-- explanation_zh: 按国家系统的口径，70周岁以上老人不计为普通或技能劳动力。仍能从事轻微劳动的，可登记为弱劳动力或半劳动力。
-- explanation_en: As the national system counts, people over 70 are not ordinary or skilled labour; one who still does light work can be recorded as weak or half labour.
-- Grain: one row per member of a registered household older than 70 (71 and more whole years) on
-- the snapshot date (labor_age_max) and able to work (labor normal or skilled).
-- Parameters: $snapshot_date (DATE).
-- Personal data: the member's name goes through mask_name.
select household_id, person_id, village_code,
    '成员 ' || mask_name(name) || '，' || age || '岁，劳动技能：' || able_labor_zh(labor) as detail
from registered_members_of($snapshot_date)
where age > labor_age_max() and is_able_to_work
order by village_code, household_id, person_id
