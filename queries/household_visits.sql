-- household_visits: helper visits to one household up to a snapshot.
-- Grain: one row per visit, newest first.
-- Parameters: $household_id (VARCHAR), $snapshot_date (DATE).
-- own_helper: the visitor is the household's 帮扶责任人 or 村级联系人 on that snapshot.
-- Helpers' names masked (first character and two asterisks).
select
    vi.visit_date,
    vi.kind,
    mask_name(hl.name) as helper_name,
    hl.unit as helper_unit,
    hl.level as helper_level,
    coalesce(vi.helper_id in (h.helper_id, h.village_contact_id), false) as own_helper,
    vi.visit_id
from visits as vi
left join helpers as hl
    on hl.snapshot_date = vi.snapshot_date and hl.helper_id = vi.helper_id
left join households as h
    on h.snapshot_date = vi.snapshot_date and h.household_id = vi.household_id
where vi.snapshot_date = $snapshot_date
  and vi.household_id = $household_id
  and vi.visit_date <= $snapshot_date
order by vi.visit_date desc, vi.visit_id
