-- helpers_households: each helper's households, and where the load stands against the 3–5 rule.
-- Grain: one row per helper on the roster, by level (city, town, village), then most
-- households first, then helper id.
-- Parameters: $snapshot_date (DATE).
-- households and remaining_households are the staging view helper_loads' (registered
-- households a responsible helper answers for through households.helper_id, a village contact
-- through village_contact_id; docs/definitions.md: helper_households, helper_loads). load_band
-- is the 3–5 households rule (helper_load) for responsible helpers, in the page's words:
-- 'none' (no household), 'too_few', 'within', 'too_many'; village contacts, for whom the report
-- sets no rule, get NULL. The name is masked here (mask_name), never in Python.
select
    helper_id,
    mask_name(name) as helper_name,
    unit,
    level,
    households,
    remaining_households,
    case
        when load is null then null
        when households = 0 then 'none'
        when load = 'under' then 'too_few'
        when load = 'over' then 'too_many'
        else 'within'
    end as load_band
from helper_loads
where snapshot_date = $snapshot_date
order by helper_level_order(level), households desc, helper_id
