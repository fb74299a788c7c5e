-- id: C17
-- severity: error
-- title_zh: 未满16周岁标为劳动力
-- title_en: Under 16 and marked able to work
-- explanation_zh: 未满16周岁的未成年人不应计为劳动力。劳动技能为普通劳动力或技能劳动力的，应改为无劳动力（在校生按在校生状况登记）。
-- explanation_en: A child under 16 is not labour. One recorded as ordinary or skilled labour should be recorded as none (a pupil goes under school stage).
-- Grain: one row per member of a registered household younger than working age (under 16) on
-- the snapshot date and able to work (labor normal or skilled).
-- Parameters: $snapshot_date (DATE).
-- Personal data: the member's name goes through mask_name.
select household_id, person_id, village_code,
    '成员 ' || mask_name(name) || '，' || age || '岁，劳动技能：' || able_labor_zh(labor) as detail
from registered_members_of($snapshot_date)
where age < working_age_min() and is_able_to_work
order by village_code, household_id, person_id
