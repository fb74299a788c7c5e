-- Who each program paid in which half-years (bit masks) per village: the half-year
-- evaluation's windows count distinct households and people from them (evaluation_programs).
-- The rows and the definition program_slots are written in program_slots_live.sql; this is what queries read.
-- materialised: order by program, kind, village_code; scope area (a helper reads program_slots_live)
create or replace view program_slots as
select * from program_slots_live;
