-- department_records_by_signal: what the departments' records of the snapshot say, matched by ID
-- number to the register: the 2018 回头看 side (cars, businesses, public salaries of people in
-- registered households) and the monitoring side (medical bills, new disabilities, dropouts,
-- disasters, deaths of people in exited or monitored households), and the records about people
-- in no household of the register.
-- Grain: one row per department and signal (department_signal), with its side
-- (department_signal_side); the identification side first, then the monitoring side, then other.
-- Parameters: $snapshot_date (DATE).
with signals as (
    select
        d.department,
        department_signal(d.department, d.kind) as signal,
        normalized_id_number(d.id_number) as id_number,
        d.record_date
    from department_records as d
    where d.snapshot_date = $snapshot_date
),

records as (
    select
        department_signal_side(signals.signal) as side,
        signals.department,
        signals.signal,
        signals.id_number,
        signals.record_date
    from signals
),

people as (
    select normalized_id_number(m.id_number) as id_number, h.status
    from members as m
    inner join households as h
        on h.snapshot_date = m.snapshot_date and h.household_id = m.household_id
    where m.snapshot_date = $snapshot_date
)

select
    records.side,
    records.department,
    records.signal,
    count(*) as records,
    count(distinct records.id_number) as people,
    count(distinct records.id_number) filter (
        where is_registered(people.status)
    ) as people_registered,
    count(distinct records.id_number) filter (
        where is_exited(people.status) or is_monitored_only(people.status)
    ) as people_exited_or_monitored,
    count(distinct records.id_number) filter (where people.id_number is null) as people_not_in_register,
    max(records.record_date) as latest
from records
left join people on people.id_number = records.id_number
group by records.side, records.department, records.signal
order by
    array_position(['identification', 'monitoring', 'other'], records.side),
    records.department,
    records.signal
