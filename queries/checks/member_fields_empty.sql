-- id: C12
-- severity: error
-- title_zh: 成员姓名或身份证号码为空
-- title_en: Member without a name or an ID number
-- explanation_zh: 每名成员都须有姓名和身份证号码，否则无法比对、无法发放补助。为空的，须对照户口簿补录。
-- explanation_en: Every member needs a name and an ID number, or nothing can be matched or paid. Fill them in from the household register (户口簿).
-- Grain: one row per member of a registered household whose name or id_number is blank.
-- Parameters: $snapshot_date (DATE).
-- Personal data: a name that is there is masked (first character and two asterisks).
select
    m.household_id,
    m.person_id,
    h.village_code,
    '成员 ' || coalesce(nullif(left(trim(m.name), 1), '') || '**', m.person_id) || '：'
    || concat_ws(
        '、',
        case when trim(m.name) = '' then '姓名为空' end,
        case when trim(m.id_number) = '' then '身份证号码为空' end
    ) as detail
from members as m
left join households as h
    on h.household_id = m.household_id
   and h.snapshot_date = m.snapshot_date
where m.snapshot_date = $snapshot_date
  and (trim(m.name) = '' or trim(m.id_number) = '')
  and coalesce(h.status, '') <> 'removed'
order by h.village_code, m.household_id, m.person_id
