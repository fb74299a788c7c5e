-- definition: register_counts
-- name_zh: 某一快照的在册、脱贫、未脱贫户数和人数
-- name_en: A snapshot's register counted
-- rule_zh: 某一快照日的一行：在册、已脱贫、未脱贫（未脱贫与返贫合计）户数和人数，返贫户数，清退户数，各项按“户的事实”的判定；读者可看的户一户也没有时各项为 0。进度页的当期总数和各期序列都从这里读起。
-- rule_en: One row for one snapshot date: registered, exited and not exited (not exited and relapsed together) households and people, relapsed households and removed households, by household_facts' rules; all 0 when the reader may see no household. /progress's current totals and its series over the snapshots both start here.
-- source: report (F01–F04: 建档立卡户、未脱贫户和人数)
create or replace macro register_counts(on_date) as table
select
    count(*) filter (where is_registered) as registered_households,
    coalesce(sum(people) filter (where is_registered), 0) as registered_people,
    count(*) filter (where is_exited) as exited_households,
    coalesce(sum(people) filter (where is_exited), 0) as exited_people,
    count(*) filter (where is_not_exited) as not_exited_households,
    coalesce(sum(people) filter (where is_not_exited), 0) as not_exited_people,
    count(*) filter (where is_relapsed(status)) as relapsed_households,
    count(*) filter (where is_removed(status)) as removed_households
from household_facts
where snapshot_date = on_date;
