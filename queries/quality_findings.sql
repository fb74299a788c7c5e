-- quality_findings: the check catalogue's findings (queries/checks/) on a snapshot, as the reader
-- may see them, read from `findings` (every rule run once per snapshot, dashboard.data.FINDINGS).
-- Grain: one row per finding, in the catalogue's order (rule by rule, each rule's own order).
-- Parameters: $snapshot_date (DATE), $rule_id (VARCHAR: one rule, NULL every rule),
-- $village_code (VARCHAR: one village, '' the findings with no village, NULL all of them),
-- $household_id (VARCHAR: one household, NULL all), $list_limit (INTEGER: the first this many
-- rows; NULL for all of them).
-- Personal data: the names and ID numbers in `detail` go through mask_marked (mask_name,
-- mask_id_number), as if the rule had run now for this reader.
select
    rule_id,
    severity,
    household_id,
    person_id,
    village_code,
    mask_marked(detail) as detail
from findings
where snapshot_date = $snapshot_date
  and ($rule_id::varchar is null or rule_id = $rule_id::varchar)
  and ($village_code::varchar is null or coalesce(village_code, '') = $village_code::varchar)
  and ($household_id::varchar is null or household_id = $household_id::varchar)
order by finding_order
limit $list_limit
