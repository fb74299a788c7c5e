-- id: C35
-- severity: warning
-- title_zh: 户主未满16周岁
-- title_en: Head of household under 16
-- explanation_zh: 户主一般是成年人。未满16周岁的户主，多为与户主关系或出生日期填错；确为孤儿独立立户的，应核实监护和帮扶落实情况。
-- explanation_en: A head is normally an adult. One under 16 usually means a wrong relation or birth date; a true orphan heading a household needs a guardian and help checked.
-- Grain: one row per head of a registered household aged under 16 on the snapshot date.
-- Parameters: $snapshot_date (DATE).
-- Personal data: the head's name is masked (first character and two asterisks).
select
    h.household_id,
    m.person_id,
    h.village_code,
    '户主 ' || left(m.name, 1) || '**，' || date_sub('year', m.birth_date, $snapshot_date::date)
    || '岁' as detail
from households as h
inner join members as m
    on m.household_id = h.household_id
   and m.snapshot_date = h.snapshot_date
where h.snapshot_date = $snapshot_date
  and h.status <> 'removed'
  and m.relation = 'head'
  and date_sub('year', m.birth_date, $snapshot_date::date) < 16
order by h.village_code, h.household_id
