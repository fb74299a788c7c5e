-- id: C16
-- severity: warning
-- title_zh: 特困供养（五保）户有劳动年龄内的劳动力
-- title_en: Extreme-poverty (五保) household with an able-bodied member of working age
-- explanation_zh: 特困供养（五保）的条件是无劳动能力、无生活来源、无法定赡养扶养义务人。户内有16至59周岁、劳动技能为普通或技能劳动力的成员，与五保条件矛盾：核实户属性（可能应为低保户或一般户）或成员劳动能力。
-- explanation_en: 特困供养 (五保) is for people unable to work, without income and without anyone obliged to support them. A member aged 16 to 59 able to work (ordinary or skilled labour) contradicts that: check the attribute (perhaps 低保 or general) or the member's labour ability.
-- Grain: one row per such member of a registered tekun household.
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
    '特困供养户成员 ' || left(m.name, 1) || '**，' || m.age || '岁，'
    || case m.labor when 'skilled' then '技能劳动力' else '普通劳动力' end as detail
from households as h
inner join m on m.household_id = h.household_id
where h.snapshot_date = $snapshot_date
  and h.status <> 'removed'
  and h.attribute = 'tekun'
  and m.age between 16 and 59
  and m.labor in ('normal', 'skilled')
order by h.village_code, h.household_id, m.person_id
