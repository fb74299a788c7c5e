-- id: C18
-- severity: warning
-- title_zh: 超过70周岁标为劳动力
-- title_en: Over 70 and marked able to work
-- explanation_zh: 按国家系统的口径，70周岁以上老人不计为普通或技能劳动力。仍能从事轻微劳动的，可登记为弱劳动力或半劳动力。
-- explanation_en: As the national system counts, people over 70 are not ordinary or skilled labour; one who still does light work can be recorded as weak or half labour.
-- Grain: one row per member of a registered household older than 70 (71 and more whole years) on
-- the snapshot date with labor normal or skilled.
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
  and m.age > 70
  and m.labor in ('normal', 'skilled')
order by h.village_code, h.household_id, m.person_id
