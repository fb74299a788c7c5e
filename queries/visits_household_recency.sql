-- visits_household_recency: days since each household was last visited by its own helper.
-- Grain: one row per registered household, longest without a visit first (never visited
-- before any visited one), then by household id.
-- Parameters: $snapshot_date (DATE), $list_limit (INTEGER: the first this many rows; NULL for
-- all of them).
-- "Its own helper" is households.helper_id on this snapshot; a visit by anyone else (a village
-- contact, a former helper) does not count toward helper_last_visit (household_facts'
-- last_visit_date). The village contact's own latest visit is beside it (contact_last_visit:
-- household_facts' contact_last_visit_date).
-- days_since_* are whole days from that visit to the snapshot date, NULL when there was none.
-- Names are masked here and in household_places (mask_name), never in Python.
select
    place.household_id,
    place.village_code,
    place.village_name,
    place.head_name,
    place.status,
    place.helper_id,
    mask_name(roster.name) as helper_name,
    roster.unit as helper_unit,
    roster.level as helper_level,
    facts.last_visit_date as helper_last_visit,
    cast(date_diff('day', facts.last_visit_date, place.snapshot_date) as bigint)
        as days_since_helper_visit,
    facts.contact_last_visit_date as contact_last_visit,
    cast(date_diff('day', facts.contact_last_visit_date, place.snapshot_date) as bigint)
        as days_since_contact_visit
from household_places as place
inner join household_facts as facts
    on facts.snapshot_date = place.snapshot_date
   and facts.household_id = place.household_id
left join helpers as roster
    on roster.snapshot_date = place.snapshot_date
   and roster.helper_id = place.helper_id
where place.snapshot_date = $snapshot_date
  and place.is_registered
order by facts.last_visit_date asc nulls first, place.household_id
limit $list_limit
