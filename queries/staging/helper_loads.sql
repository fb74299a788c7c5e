-- definition: helper_loads
-- name_zh: 帮扶责任人帮扶户数
-- name_en: Each helper's load
-- rule_zh: 花名册上每名帮扶人一行：负责的在册户数、其中未脱贫户数；帮扶责任人按“每人帮扶3至5户”判定偏少、达标、超标，村级联系人不判定。
-- rule_en: One row per helper on the roster: the registered households they answer for, those of them not exited, and for a responsible helper where that stands against the 3–5 households rule (village contacts have no such rule).
-- source: report (每名帮扶责任人帮扶3—5户)
create or replace view helper_loads as
-- A household is answered for once per helper (through helper_id or village_contact_id, which
-- a helper's level tells apart), so counting rows counts distinct households.
with counted as (
    select
        snapshot_date,
        helper_id,
        count(*) as households,
        count(*) filter (where is_not_exited) as remaining_households
    from helper_households
    group by snapshot_date, helper_id
)

select
    r.*,
    coalesce(counted.households, 0) as households,
    coalesce(counted.remaining_households, 0) as remaining_households,
    case
        when is_responsible_helper(r.level) then helper_load(coalesce(counted.households, 0))
    end as load
from helpers as r
left join counted
    on counted.snapshot_date = r.snapshot_date and counted.helper_id = r.helper_id;
