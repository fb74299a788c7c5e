-- visits_by_village: for the secretary, each unit's helper coverage and visit recency beside
-- its remaining poor households (villages, or the next level down above a town: a county's
-- towns).
-- Grain: one row per unit, in code order (units without a registered household included,
-- with zeros); village_code holds the unit's code (left(village_code, $unit_digits), the
-- village_units macro), village_name its name.
-- Parameters: $snapshot_date (DATE), $unit_digits (INTEGER: 12 villages, the default; 9
-- towns, 6 counties, 4 prefectures, 2 provinces). Every count and the median are taken over
-- the unit's households at once (a helper answering in two villages of a town counts once).
-- remaining_households are those not yet exited. helpers and village_contacts count the
-- distinct people answering for the village's registered households (the staging view
-- helper_households); without_helper / without_contact are households no one on the roster
-- answers for at that level. Recency is by the household's own helper (households.helper_id, as
-- recorded: household_facts.last_visit_date): median_days_since_visit over visited households,
-- overdue_* those not visited recently (the visited_recently definition; never visited
-- included).
with answered as (
    select
        household_id,
        any_value(helper_id) filter (where is_responsible_helper(level)) as helper_id,
        any_value(helper_id) filter (where is_village_contact(level)) as village_contact_id
    from helper_households
    where snapshot_date = $snapshot_date
    group by household_id
),

recency as (
    select
        units.unit_code as village_code,
        facts.is_not_exited,
        facts.is_visited_recently,
        date_diff('day', facts.last_visit_date, facts.snapshot_date) as days_waiting,
        answered.helper_id,
        answered.village_contact_id
    from household_facts as facts
    inner join village_units($snapshot_date, $unit_digits) as units
        on units.village_code = facts.village_code
    left join answered on answered.household_id = facts.household_id
    where facts.snapshot_date = $snapshot_date
      and facts.is_registered
),

per_village as (
    select
        village_code,
        count(*) as registered_households,
        count(*) filter (where is_not_exited) as remaining_households,
        count(distinct helper_id) as helpers,
        count(distinct village_contact_id) as village_contacts,
        count(*) filter (where helper_id is null) as without_helper,
        count(*) filter (where village_contact_id is null) as without_contact,
        median(days_waiting) as median_days_since_visit,
        count(*) filter (where not is_visited_recently) as overdue_households,
        count(*) filter (where is_not_exited and not is_visited_recently)
            as overdue_remaining_households
    from recency
    group by village_code
),

unit_list as (
    select unit_code as village_code, unit_name as village_name
    from unit_names($snapshot_date, $unit_digits)
)

select
    units.village_code,
    units.village_name,
    coalesce(per_village.registered_households, 0) as registered_households,
    coalesce(per_village.remaining_households, 0) as remaining_households,
    coalesce(per_village.helpers, 0) as helpers,
    coalesce(per_village.village_contacts, 0) as village_contacts,
    coalesce(per_village.without_helper, 0) as without_helper,
    coalesce(per_village.without_contact, 0) as without_contact,
    cast(per_village.median_days_since_visit as double) as median_days_since_visit,
    coalesce(per_village.overdue_households, 0) as overdue_households,
    coalesce(per_village.overdue_remaining_households, 0) as overdue_remaining_households
from unit_list as units
left join per_village on per_village.village_code = units.village_code
order by units.village_code
