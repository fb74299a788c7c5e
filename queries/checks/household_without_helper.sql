-- id: C24
-- severity: error
-- title_zh: 贫困户无帮扶责任人
-- title_en: Household without a helper
-- explanation_zh: 每户贫困户（含已脱贫户，脱贫不脱帮扶）都应有一名市级或镇级帮扶责任人。帮扶责任人为空、或填写的人不在帮扶人名单上的，须落实帮扶责任人。
-- explanation_en: Every registered household, exited ones included (脱贫不脱帮扶), needs a city- or town-level helper. A household whose helper is empty, or names someone not on the helper roster, needs one assigned.
-- Grain: one row per registered household whose helper_id is null or not a responsible (city or
-- town) helper on the snapshot's roster (households_with_helpers.has_responsible_helper).
-- Parameters: $snapshot_date (DATE).
select household_id, cast(null as varchar) as person_id, village_code,
    not_on_roster_zh(helper_id, '帮扶责任人', '市镇帮扶责任人') as detail
from households_with_helpers
where snapshot_date = $snapshot_date and is_registered(status) and not has_responsible_helper
order by village_code, household_id
