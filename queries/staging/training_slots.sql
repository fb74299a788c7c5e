-- Who attended each course in which half-years, per village: the evaluation's trainings.
-- The rows and the definition training_slots are written in training_slots_live.sql; this is what queries read.
-- materialised: order by course, kind, village_code; scope area (a helper reads training_slots_live)
create or replace view training_slots as
select * from training_slots_live;
