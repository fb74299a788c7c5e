-- id: C55
-- severity: warning
-- title_zh: 建档立卡人员有车辆、经营主体或财政供养记录（识别疑点）
-- title_en: A registered person with a car, a business or a public salary (an identification doubt)
-- explanation_zh: 2018年“回头看”的精准识别比对：车辆管理、市场监管、财政供养部门的记录显示，在册贫困户成员名下有车辆、工商注册的经营主体，或是财政供养人员。这不一定错（农用车、小商贩），但须入户核实，识别不准的按程序清退。
-- explanation_en: The 2018 回头看's identification check: a vehicle, market-regulation or public-payroll record says a member of a registered poor household owns a car, a registered business, or draws a public salary. Not necessarily wrong (a farm vehicle, a stall), but to be checked at home; a household wrongly identified leaves the register by the procedure.
-- Grain: one row per member of a registered household (is_registered) per department signal
-- (department_signal: vehicle, business, public_payroll) in the snapshot's department_records,
-- matched by ID number; the latest record's date.
-- Parameters: $snapshot_date (DATE).
with registered_people as (
    select m.person_id, m.household_id, h.village_code, normalized_id_number(m.id_number) as id_number
    from members as m
    inner join households as h
        on h.snapshot_date = m.snapshot_date and h.household_id = m.household_id
    where m.snapshot_date = $snapshot_date
      and is_registered(h.status)
),

signals as (
    select
        people.household_id,
        people.person_id,
        people.village_code,
        department_signal(records.department, records.kind) as signal,
        max(records.record_date) as latest,
        count(*) as records
    from department_records as records
    inner join registered_people as people
        on people.id_number = normalized_id_number(records.id_number)
    where records.snapshot_date = $snapshot_date
      and department_signal(records.department, records.kind)
        in ('vehicle', 'business', 'public_payroll')
    group by all
)

select
    household_id,
    person_id,
    village_code,
    case signal
        when 'vehicle' then '车辆管理部门：名下有登记车辆'
        when 'business' then '市场监管部门：名下有工商注册的经营主体'
        else '财政供养人员'
    end || '（' || records || ' 条，最近 ' || strftime(latest, '%Y-%m-%d') || '）' as detail
from signals
order by village_code, household_id, person_id, signal
