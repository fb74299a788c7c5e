-- id: C29
-- severity: warning
-- title_zh: 14周岁及以下就读高中或以上
-- title_en: Aged 14 or younger in senior school or above
-- explanation_zh: 14周岁及以下一般在读小学或初中。在校生状况为高中、中职、高职或大学的，多为在校生状况或出生日期填错：请核实。
-- explanation_en: At 14 or younger a child is usually in primary or junior school. One recorded in senior, vocational or higher education usually has a wrong school stage or birth date: check it.
-- Grain: one row per member of a registered household aged 14 or less on the snapshot date whose
-- school_stage is senior, secondary_vocational, higher_vocational or college.
-- Parameters: $snapshot_date (DATE).
-- Personal data: the member's name goes through mask_name.
select
    household_id,
    person_id,
    village_code,
    '成员 ' || mask_name(name) || '，' || age || '岁，在校生状况：'
    || case school_stage
        when 'senior' then '普通高中'
        when 'secondary_vocational' then '中职'
        when 'higher_vocational' then '高职'
        else '大学'
    end as detail
from registered_members_of($snapshot_date)
where age <= 14
  and school_stage in ('senior', 'secondary_vocational', 'higher_vocational', 'college')
order by village_code, household_id, person_id
