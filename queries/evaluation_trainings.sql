-- evaluation_trainings: people trained per course, for the town or a village.
-- Grain: one row per course that anybody attended.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR, NULL for the whole town),
--             $trained_from (DATE), $trained_to (DATE): the period.
-- people: distinct people who attended the course on or before the snapshot;
-- people_in_period: those who attended it within the period.
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
where t.snapshot_date = $snapshot_date
  and t.training_date <= $snapshot_date
  and ($village_code::varchar is null or h.village_code = $village_code::varchar)
group by t.course
order by t.course
