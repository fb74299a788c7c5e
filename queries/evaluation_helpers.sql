-- evaluation_helpers: helpers (帮扶责任人, 村级联系人) and their visits in a period, for the town
-- or a village.
-- Grain: one row.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR, NULL for the whole town),
--             $visited_from (DATE), $visited_to (DATE): the period.
-- For the town, helpers are the roster's rows (city and town level / village level), as the
-- report counts them; for a village, the distinct roster people answering for its registered
-- households (the staging view helper_households). Visits count every recorded visit to the scope's households in the period.
with roster as (
    select helper_id, level
    from helpers
    where snapshot_date = $snapshot_date
),

registered as (
    select household_id, helper_id, village_contact_id, is_not_exited(status) as is_remaining
    from households
    where snapshot_date = $snapshot_date
      and is_registered(status)
      and ($village_code::varchar is null or village_code = $village_code::varchar)
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

period_visits as (
    select v.visit_id, v.helper_id, v.household_id
    from visits as v
    inner join registered on registered.household_id = v.household_id
    where v.snapshot_date = $snapshot_date
      and v.visit_date between $visited_from and $visited_to
      and v.visit_date <= $snapshot_date
)

select
    (select count(*) from scoped_helpers where is_responsible_helper(level)) as helpers,
    (select count(*) from scoped_helpers where is_village_contact(level)) as village_contacts,
    (select count(*) from registered) as registered_households,
    (select count(*) from registered where helper_id in (select helper_id from roster))
        as households_with_helper,
    (select count(*) from registered where is_remaining) as remaining_households,
    (select count(*) from period_visits) as visits,
    (select count(distinct helper_id) from period_visits) as visiting_helpers,
    (select count(distinct household_id) from period_visits) as visited_households,
    (select count(*) from registered
     where is_remaining and household_id in (select household_id from period_visits))
        as visited_remaining_households
