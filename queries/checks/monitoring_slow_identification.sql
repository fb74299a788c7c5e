-- id: C54
-- severity: warning
-- title_zh: 部门推送后超过15天才纳入监测
-- title_en: Identified more than 15 days after a department's record
-- explanation_zh: 识别认定要在15天内完成。该户成员在识别前12个月内有部门推送的新增残疾、辍学、受灾或死亡记录，最早一条距纳入监测超过15天：核实线索是否及时入户核实，或推送记录与本次识别无关。
-- explanation_en: Identification should take at most 15 days. A department sent a record of a new disability, a dropout, a disaster or a death about a member in the 12 months before identification, the earliest more than 15 days before it: check whether the clue was followed up in time, or whether the record had nothing to do with this spell.
-- Grain: one row per monitoring spell with a department record of an event (department_signal
-- new_disability, dropout, disaster or death: medical bills come every month and say nothing
-- of when the risk began) about one of the household's members dated in the warning_lookback_months() (12) before identification, the earliest of
-- them more than identification_days_max() (15) days before the identification date.
-- Parameters: $snapshot_date (DATE).
with people as (
    select household_id, normalized_id_number(id_number) as id_number
    from members
    where snapshot_date = $snapshot_date
),

first_records as (
    select
        spells.household_id,
        spells.village_code,
        spells.identified_date,
        min(records.record_date) as first_record
    from monitoring_spells as spells
    inner join people on people.household_id = spells.household_id
    inner join department_records as records
        on normalized_id_number(records.id_number) = people.id_number
       and records.snapshot_date = $snapshot_date
    where spells.snapshot_date = $snapshot_date
      and department_signal(records.department, records.kind)
        in ('new_disability', 'dropout', 'disaster', 'death')
      and records.record_date <= spells.identified_date
      and records.record_date
        > cast(spells.identified_date - to_months(warning_lookback_months()) as date)
    group by spells.household_id, spells.village_code, spells.identified_date
)

select
    household_id,
    cast(null as varchar) as person_id,
    village_code,
    '部门记录 ' || strftime(first_record, '%Y-%m-%d') || '，' || strftime(identified_date, '%Y-%m-%d')
    || ' 纳入监测，相隔 ' || datediff('day', first_record, identified_date) || ' 天' as detail
from first_records
where datediff('day', first_record, identified_date) > identification_days_max()
order by village_code, household_id, identified_date
