-- What each program paid per village, year and in all: /programs' periods add villages up.
-- The rows and the definition program_periods are written in program_periods_live.sql; this is what queries read.
-- materialised: order by period, village_code, program; scope area (a helper reads program_periods_live)
create or replace view program_periods as
select * from program_periods_live;
