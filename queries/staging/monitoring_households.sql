-- definition: monitoring_households
-- name_zh: 监测对象（每户一行）
-- name_en: Monitoring objects (one row per household)
-- rule_zh: 曾纳入监测的每户一行，按其最近一次纳入监测的记录：类型、主要风险、是否已消除、帮扶措施；加人口数、有劳动能力人数（普通或技能劳动力）、是否有帮扶措施、是否有产业或就业措施、所在村和户主姓名（脱敏）。
-- rule_en: One row per household ever identified, in the state of its latest spell: kind, main risk, eliminated or not, measures; with its people, its members able to work (normal or skilled labour), whether it has any measure and any developmental (industry or employment) one, its village and its head's masked name.
-- source: ours (monitoring_spells, able_to_work, developmental_measure, household_places)
create or replace view monitoring_households as
with people as (
    select
        snapshot_date,
        household_id,
        count(*) as people,
        count(*) filter (where is_able_to_work(labor)) as able_workers
    from members
    group by snapshot_date, household_id
)

select
    s.*,
    coalesce(p.people, 0) as people,
    coalesce(p.able_workers, 0) as able_workers,
    has_monitoring_measure(s.measures) as has_measure,
    has_developmental_measure(s.measures) as has_developmental,
    place.village_name,
    place.head_name
from monitoring_spells as s
left join people as p
    on p.snapshot_date = s.snapshot_date and p.household_id = s.household_id
left join household_places as place
    on place.snapshot_date = s.snapshot_date and place.household_id = s.household_id
where s.is_latest;
