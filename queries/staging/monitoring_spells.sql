-- definition: monitoring_spells
-- name_zh: 监测记录（每户每次纳入监测一行）
-- name_en: Monitoring spells (one row per household per identification)
-- rule_zh: 监测表的每条记录，加该户所在村、户状态、是否未消除（截至快照日）、监测时长（到消除时间，未消除的到快照日），以及是否为该户最近一次纳入监测的记录。户不在快照中的记录不计。
-- rule_en: Each row of the monitoring table with the household's village and status, whether it is open on the snapshot date, how long it has run (to its elimination, or to the snapshot while open), and whether it is the household's latest spell. A spell of a household missing from the snapshot is not counted.
-- source: ours (the open_monitoring_object and monitoring_duration definitions, applied once)
create or replace view monitoring_spells as
with spells as (
    select
        m.snapshot_date,
        m.household_id,
        h.village_code,
        h.status,
        h.size,
        h.income_per_capita,
        h.income_year,
        m.object_type,
        m.identified_date,
        m.risk_types,
        m.main_risk,
        m.eliminated,
        m.eliminated_date,
        m.measures,
        is_open_monitoring_object(m.eliminated, m.eliminated_date, m.snapshot_date) as is_open
    from monitoring as m
    inner join households as h
        on h.snapshot_date = m.snapshot_date and h.household_id = m.household_id
)

select
    spells.*,
    monitoring_months(
        spells.identified_date,
        case when spells.is_open then spells.snapshot_date else spells.eliminated_date end
    ) as months_monitored,
    row_number() over (
        partition by spells.snapshot_date, spells.household_id
        order by spells.identified_date desc
    ) = 1 as is_latest,
    count(*) over (partition by spells.snapshot_date, spells.household_id) as spells
from spells;
