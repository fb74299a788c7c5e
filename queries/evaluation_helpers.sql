-- evaluation_helpers: helpers (帮扶责任人, 村级联系人) and their visits in a period, for the town
-- or a village.
-- Grain: one row.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR, NULL for the whole town),
--             $visited_from (DATE, a month's first day): the period, from that day up to the
--             snapshot date (a period closes on its snapshot).
-- For the town, helpers are the roster's rows (city and town level / village level), as the
-- report counts them; for a village, the distinct roster people answering for its registered
-- households (the staging view helper_households). Visits count every recorded visit to the scope's registered households in the period
-- (visit_months); visiting helpers, households and remaining households are those with a visit
-- on or after $visited_from (helper_village_visits, household_facts' any_last_visit_date).
with roster as (
    select helper_id, level
    from helpers
    where snapshot_date = $snapshot_date
),

registered as (
    select household_id, helper_id, village_contact_id, is_not_exited as is_remaining,
        any_last_visit_date
    from evaluated_households($snapshot_date, $village_code)
    where is_registered
),

scoped_helpers as (
    select roster.helper_id, roster.level
    from roster
    where $village_code::varchar is null
       or roster.helper_id in (
           select helper_id
           from helper_households
           where snapshot_date = $snapshot_date
             and village_code = $village_code::varchar
       )
),

visiting as (
    select distinct helper_id
    from helper_village_visits
    where snapshot_date = $snapshot_date
      and last_visit >= $visited_from
      and in_chosen_village(village_code, $village_code)
)

select
    (select count(*) from scoped_helpers where is_responsible_helper(level)) as helpers,
    (select count(*) from scoped_helpers where is_village_contact(level)) as village_contacts,
    (select count(*) from registered) as registered_households,
    (select count(*) from registered where helper_id in (select helper_id from roster))
        as households_with_helper,
    (select count(*) from registered where is_remaining) as remaining_households,
    (
        select coalesce(cast(sum(visits) as bigint), 0)
        from visit_months
        where snapshot_date = $snapshot_date
          and is_registered
          and month >= $visited_from
          and in_chosen_village(village_code, $village_code)
    ) as visits,
    (select count(*) from visiting) as visiting_helpers,
    (select count(*) from registered where any_last_visit_date >= $visited_from)
        as visited_households,
    (select count(*) from registered where is_remaining and any_last_visit_date >= $visited_from)
        as visited_remaining_households
