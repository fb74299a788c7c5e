-- helpers_households: each helper's households, and where the load stands against the 3–5 rule.
-- Grain: one row per helper on the roster, by level (city, town, village), then most
-- households first, then helper id.
-- Parameters: $snapshot_date (DATE); $min_households, $max_households (INTEGER: the rule's
-- bounds, named constants in dashboard/charts/helpers.py).
-- households counts registered (not removed) households: for city and town helpers those whose
-- households.helper_id is theirs (帮扶责任人), for village contacts those whose
-- village_contact_id is theirs (村级联系人). load_band applies the rule to city and town helpers
-- only ('none', 'too_few', 'within', 'too_many'); the report sets no rule for village contacts,
-- whose band is NULL. The name is masked here (first character and two asterisks,
-- by the data layer's mask_name macro), never in Python.
with roster as (
    select helper_id, name, unit, level
    from helpers
    where snapshot_date = $snapshot_date
),

registered as (
    select household_id, status, helper_id, village_contact_id
    from households
    where snapshot_date = $snapshot_date
      and status <> 'removed'
),

loads as (
    select
        r.helper_id,
        count(distinct h.household_id) as households,
        count(distinct h.household_id) filter (where h.status in ('not_exited', 'relapsed'))
            as remaining_households
    from roster as r
    left join registered as h
        on (r.level in ('city', 'town') and h.helper_id = r.helper_id)
        or (r.level = 'village' and h.village_contact_id = r.helper_id)
    group by r.helper_id
)

select
    r.helper_id,
    mask_name(r.name) as helper_name,
    r.unit,
    r.level,
    l.households,
    l.remaining_households,
    case
        when r.level not in ('city', 'town') then null
        when l.households = 0 then 'none'
        when l.households < $min_households then 'too_few'
        when l.households > $max_households then 'too_many'
        else 'within'
    end as load_band
from roster as r
inner join loads as l on l.helper_id = r.helper_id
order by
    case r.level when 'city' then 1 when 'town' then 2 when 'village' then 3 else 4 end,
    l.households desc,
    r.helper_id
