-- id: C06
-- severity: error
-- title_zh: 身份证号码格式错误
-- title_en: Malformed ID number
-- explanation_zh: 居民身份证号码应为18位：前17位是数字，末位是数字或X。位数不对或含其他字符的（常见于Excel把号码存成数字、丢了末位或写成科学计数），须对照证件重新录入。
-- explanation_en: A resident ID number has 18 characters: 17 digits, then a digit or X. A number of another length or with other characters (often Excel storing it as a number, losing digits or writing 3.41182E+17) must be typed again from the card.
-- Grain: one row per member whose non-blank id_number is not 17 digits and a digit or X.
-- Parameters: $snapshot_date (DATE).
-- Personal data: the number is masked here (first 6 and last 4 characters); a blank number is
-- rule C12's, not this one's.
with m as (
    select
        m.*,
        trim(m.id_number) as number
    from members as m
    where m.snapshot_date = $snapshot_date
)

select
    m.household_id,
    m.person_id,
    h.village_code,
    '成员 ' || left(m.name, 1) || '** 的身份证号码 '
    || case
        when length(m.number) >= 10
            then left(m.number, 6) || repeat('*', length(m.number) - 10) || right(m.number, 4)
        else repeat('*', length(m.number))
    end
    || ' 有 ' || length(m.number) || ' 位'
    || case when regexp_full_match(m.number, '.*[^0-9Xx].*') then '，含非数字字符' else '' end
    as detail
from m
left join households as h
    on h.household_id = m.household_id
   and h.snapshot_date = m.snapshot_date
where m.number <> ''
  and not regexp_full_match(m.number, '[0-9]{17}[0-9Xx]')
  and coalesce(h.status, '') <> 'removed'
order by h.village_code, m.household_id, m.person_id
