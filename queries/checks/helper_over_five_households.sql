-- id: C26
-- severity: warning
-- title_zh: 帮扶责任人帮扶超过5户
-- title_en: Helper responsible for more than 5 households
-- explanation_zh: 按规定每名市镇帮扶责任人帮扶3至5户。超过5户的，帮扶难以落实到位，应调整结对。
-- explanation_en: Each city or town helper answers for 3 to 5 households. More than 5 cannot all be helped properly: reassign some.
-- Grain: one row per city or town helper with more than 5 registered households; a helper-level
-- finding, so household_id is NULL and village_code is that of most of the helper's households
-- (the lowest code on a tie).
-- Parameters: $snapshot_date (DATE).
-- Personal data: the helper's name is masked (first character and two asterisks).
with loads as (
    select
        h.helper_id,
        count(*) as households,
        mode(h.village_code order by h.village_code) as village_code,
        string_agg(h.household_id, '、' order by h.household_id) as household_ids
    from households as h
    where h.snapshot_date = $snapshot_date
      and h.status <> 'removed'
      and h.helper_id is not null
    group by h.helper_id
)

select
    cast(null as varchar) as household_id,
    cast(null as varchar) as person_id,
    l.village_code,
    '帮扶责任人 ' || p.helper_id || '（' || left(p.name, 1) || '**，' || p.unit || '）帮扶 '
    || l.households || ' 户：' || l.household_ids as detail
from loads as l
inner join helpers as p
    on p.helper_id = l.helper_id
   and p.snapshot_date = $snapshot_date
where p.level in ('city', 'town')
  and l.households > 5
order by l.households desc, p.helper_id
