-- id: C21
-- severity: warning
-- title_zh: 有务工地点但务工时间为0
-- title_en: Working away, but for 0 months
-- explanation_zh: 务工状况填了务工地点（乡镇内、县内、省内或省外），务工时间却为0个月：补填务工月数，或把务工状况改为“无”。
-- explanation_en: Working away is recorded (in town, county, province or out of province) but for 0 months: fill in the months, or set the work status to none.
-- Grain: one row per member of a registered household with migrant_work other than none and
-- migrant_months 0.
-- Parameters: $snapshot_date (DATE).
-- Personal data: the member's name goes through mask_name.
-- not_in_source: rows <- members.migrant_work, members.migrant_months
select
    household_id,
    person_id,
    village_code,
    '成员 ' || mask_name(name) || '，务工状况：'
    || case migrant_work
        when 'in_town' then '乡镇内务工'
        when 'in_county' then '县内务工'
        when 'in_province' then '省内县外务工'
        else '省外务工'
    end
    || '，务工时间 0 个月' as detail
from registered_members_of($snapshot_date)
where migrant_work <> 'none'
  and migrant_months = 0
order by village_code, household_id, person_id
