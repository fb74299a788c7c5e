-- department_records_not_in_register: the departments' records about people in no household of
-- the register (a 一般农户 the 医保 flags, a car owner of another village): kept by the import,
-- listed for whoever may read the whole data directory (the row filter of department_records
-- shows a restricted reader only the records of the people in his rows, never these).
-- Grain: one row per record of the snapshot whose ID number is no member's, newest first.
-- Parameters: $snapshot_date (DATE), $list_limit (INTEGER or NULL).
-- Personal data: the ID number and the name are masked unless the reader may see them.
select
    d.record_id,
    mask_id_number(d.id_number) as id_number,
    mask_name(d.name) as person_name,
    d.department,
    department_signal(d.department, d.kind) as signal,
    d.kind,
    d.record_date,
    d.amount_yuan,
    d.detail
from department_records as d
where d.snapshot_date = $snapshot_date
  and normalized_id_number(d.id_number) not in (
      select normalized_id_number(m.id_number)
      from members as m
      where m.snapshot_date = $snapshot_date
  )
order by d.record_date desc, d.department, d.record_id
limit $list_limit
