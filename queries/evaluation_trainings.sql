-- evaluation_trainings: people trained per course, for the town or a village.
-- Grain: one row per course that anybody attended.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR, NULL for the whole town),
--             $trained_from (DATE), $trained_to (DATE): the period.
-- people: distinct people who attended the course on or before the snapshot;
-- people_in_period: those who attended it within the period.
-- A period of whole half-years (is_half_year_window: the evaluation's) is read from
-- training_slots, people counted per mask of half-years; any other is counted from the
-- trainings. Both give the same rows.
with from_slots as (
    select
        course,
        kind,
        entity,
        n,
        slots & half_year_mask($trained_from, $trained_to) <> 0 as in_period
    from training_slots
    where is_half_year_window($trained_from, $trained_to, $snapshot_date)
      and snapshot_date = $snapshot_date
      and in_chosen_village(village_code, $village_code)
),

slotted as (
    select
        course,
        coalesce(sum(n) filter (where kind = 'people'), 0)
            + count(distinct entity) filter (where kind = 'person') as people,
        coalesce(sum(n) filter (where kind = 'people' and in_period), 0)
            + count(distinct entity) filter (where kind = 'person' and in_period)
            as people_in_period
    from from_slots
    group by course
),

counted as (
    select
        t.course,
        count(distinct t.person_id) as people,
        count(distinct t.person_id) filter (where t.training_date between $trained_from and $trained_to)
            as people_in_period
    from trainings as t
    -- Every table is filtered to the snapshot by name: DuckDB does not carry t.snapshot_date's
    -- constant across the joins, and at a province's scale the other seven snapshots' members
    -- would be read and joined too.
    inner join members as m
        on m.person_id = t.person_id
       and m.snapshot_date = $snapshot_date
    inner join households as h
        on h.household_id = m.household_id
       and h.snapshot_date = $snapshot_date
    where not is_half_year_window($trained_from, $trained_to, $snapshot_date)
      and t.snapshot_date = $snapshot_date
      and t.training_date <= $snapshot_date
      and in_chosen_village(h.village_code, $village_code)
    group by t.course
    union all
    select * from slotted
)

select course, people, people_in_period
from counted
order by course
