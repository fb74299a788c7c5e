-- definition: households_with_helpers
-- name_zh: 贫困户及其帮扶人是否落实
-- name_en: Households with their helpers checked against the roster
-- rule_zh: 每户一行：帮扶责任人一栏是否填的是本期帮扶人名单上的市级或镇级帮扶责任人，村级联系人一栏是否填的是名单上的村级联系人。为空、不在名单上或级别不对的都算未落实。
-- rule_en: One row per household: whether its helper column names a city- or town-level responsible helper of the snapshot's roster, and whether its village-contact column names a village contact of it. Empty, not on the roster, or of the wrong level all count as not assigned.
-- source: ours (每户落实一名帮扶责任人和一名村级联系人, as the report's helper figures count them)
create or replace view households_with_helpers as
with responsible_helpers as (
    select snapshot_date, helper_id
    from helpers
    where is_responsible_helper(level)
),

village_contacts as (
    select snapshot_date, helper_id
    from helpers
    where is_village_contact(level)
)

select
    household.*,
    responsible_helpers.helper_id is not null as has_responsible_helper,
    village_contacts.helper_id is not null as has_village_contact
from households as household
left join responsible_helpers
    on responsible_helpers.snapshot_date = household.snapshot_date
   and responsible_helpers.helper_id = household.helper_id
left join village_contacts
    on village_contacts.snapshot_date = household.snapshot_date
   and village_contacts.helper_id = household.village_contact_id;
