-- id: C22
-- severity: warning
-- title_zh: 有务工时间但无务工地点
-- title_en: Months of work away, but no place
-- explanation_zh: 务工时间大于0个月，务工状况却为“无”：补填务工地点，或把务工时间改为0。
-- explanation_en: Months of work away are recorded but the work status is none: fill in where, or set the months to 0.
-- Grain: one row per member of a registered household with migrant_work none and
-- migrant_months above 0.
-- Parameters: $snapshot_date (DATE).
-- Personal data: the member's name is masked (first character and two asterisks).
select
    h.household_id,
    m.person_id,
    h.village_code,
    '成员 ' || left(m.name, 1) || '**，务工状况：无，务工时间 ' || m.migrant_months || ' 个月'
    as detail
from households as h
inner join members as m
    on m.household_id = h.household_id
   and m.snapshot_date = h.snapshot_date
where h.snapshot_date = $snapshot_date
  and h.status <> 'removed'
  and m.migrant_work = 'none'
  and m.migrant_months > 0
order by h.village_code, h.household_id, m.person_id
