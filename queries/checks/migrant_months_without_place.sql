-- id: C22
-- severity: warning
-- title_zh: 有务工时间但无务工地点
-- title_en: Months of work away, but no place
-- explanation_zh: 务工时间大于0个月，务工状况却为“无”：补填务工地点，或把务工时间改为0。
-- explanation_en: Months of work away are recorded but the work status is none: fill in where, or set the months to 0.
-- Grain: one row per member of a registered household with migrant_work none and
-- migrant_months above 0.
-- Parameters: $snapshot_date (DATE).
-- Personal data: the member's name goes through mask_name.
-- not_in_source: rows <- members.migrant_work, members.migrant_months
select household_id, person_id, village_code,
    '成员 ' || mask_name(name) || '，务工状况：无，务工时间 ' || migrant_months || ' 个月' as detail
from registered_members_of($snapshot_date)
where migrant_work = 'none' and migrant_months > 0
order by village_code, household_id, person_id
