-- definition: helper_households
-- name_zh: 帮扶人所帮扶的户
-- name_en: The households each helper answers for
-- rule_zh: 花名册上每名帮扶人与其负责的在册户各一行：帮扶责任人（市、镇级）按户的帮扶责任人编号，村级联系人按户的村级联系人编号；编号不在花名册上的户不属于任何人。每行带该帮扶人最近一次走访该户的日期。
-- rule_en: One row per helper on the roster and registered household they answer for: a responsible helper (city or town) through households.helper_id, a village contact through households.village_contact_id; an id missing from the roster belongs to no one. Each row carries the helper's latest visit to the household.
-- source: report (每名帮扶责任人帮扶3—5户; 村级联系人 per household)
-- Each helper's households with his latest visit to each: /helpers' roster, loads, units.
-- materialised: order by village_code, helper_id, household_id; scope payments (by the household answered for)
create or replace view helper_households as
-- From household_facts: each helper's latest visit to the household rides along (the own
-- helper's last_visit_date, the village contact's contact_last_visit_date), so nothing that
-- reads this goes back to the snapshot's millions of visits.
with answering as (
    select snapshot_date, household_id, village_code, status, helper_id as answering_id,
        true as as_helper, last_visit_date as last_visit
    from household_facts
    where is_registered
    union all
    select snapshot_date, household_id, village_code, status, village_contact_id, false,
        contact_last_visit_date
    from household_facts
    where is_registered
)

select
    roster.snapshot_date,
    roster.helper_id,
    roster.level,
    roster.unit,
    answering.household_id,
    answering.village_code,
    answering.status,
    is_not_exited(answering.status) as is_not_exited,
    answering.last_visit
from helpers as roster
inner join answering
    on answering.snapshot_date = roster.snapshot_date
   and answering.answering_id = roster.helper_id
where (answering.as_helper and is_responsible_helper(roster.level))
   or (not answering.as_helper and is_village_contact(roster.level));
