-- id: C03
-- severity: error
-- title_zh: 已脱贫户有成员未参加基本医疗保险
-- title_en: Exited household with a member not in basic medical insurance
-- explanation_zh: 基本医疗有保障要求每名成员参加城乡居民基本医疗保险。已脱贫户中有成员未参保：应为其办理参保（新生儿也应参保），或更正记录。
-- explanation_en: Basic medical security requires every member to be enrolled in the residents' basic medical insurance. Enrol the member (newborns too) or correct the record.
-- Grain: one row per member without medical insurance in an exited household.
-- Parameters: $snapshot_date (DATE).
-- Personal data: the member's name goes through mask_name.
-- not_in_source: rows <- members.medical_insurance
select household_id, person_id, village_code,
    '成员 ' || mask_name(name) || '（' || age || '岁）未参加城乡居民基本医疗保险' as detail
from registered_members_of($snapshot_date)
where household_is_exited and not medical_insurance
order by village_code, household_id, person_id
