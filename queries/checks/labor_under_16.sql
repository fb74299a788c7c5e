-- id: C17
-- severity: error
-- title_zh: 未满16周岁标为劳动力
-- title_en: Under 16 and marked able to work
-- explanation_zh: 未满16周岁的未成年人不应计为劳动力。劳动技能为普通劳动力或技能劳动力的，应改为无劳动力（在校生按在校生状况登记）。
-- explanation_en: A child under 16 is not labour. One recorded as ordinary or skilled labour should be recorded as none (a pupil goes under school stage).
-- Grain: one row per member of a registered household aged under 16 on the snapshot date with
-- labor normal or skilled.
-- Parameters: $snapshot_date (DATE).
-- Personal data: the member's name is masked (first character and two asterisks).
with m as (
    select
        m.*,
        date_sub('year', m.birth_date, $snapshot_date::date) as age
    from members as m
    where m.snapshot_date = $snapshot_date
)

select
    h.household_id,
    m.person_id,
    h.village_code,
    '成员 ' || left(m.name, 1) || '**，' || m.age || '岁，劳动技能：'
    || case m.labor when 'skilled' then '技能劳动力' else '普通劳动力' end as detail
from households as h
inner join m on m.household_id = h.household_id
where h.snapshot_date = $snapshot_date
  and h.status <> 'removed'
  and m.age < 16
  and m.labor in ('normal', 'skilled')
order by h.village_code, h.household_id, m.person_id
