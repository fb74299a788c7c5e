-- id: C23
-- severity: error
-- title_zh: 务工时间超出0至12个月
-- title_en: Months of work away outside 0 to 12
-- explanation_zh: 务工时间按年度内的月数填写，只能是0至12。超出的多为把天数或多年累计填进来：请改为一年内的月数。
-- explanation_en: Months of work away count within one year: 0 to 12. More (or less) is usually days, or years added up: write the months of one year.
-- Grain: one row per member of a registered household with migrant_months below 0 or above 12.
-- Parameters: $snapshot_date (DATE).
-- Personal data: the member's name goes through mask_name.
-- not_in_source: rows <- members.migrant_months
select household_id, person_id, village_code,
    '成员 ' || mask_name(name) || '，务工时间 ' || migrant_months || ' 个月' as detail
from registered_members_of($snapshot_date)
where migrant_months < 0 or migrant_months > 12
order by village_code, household_id, person_id
