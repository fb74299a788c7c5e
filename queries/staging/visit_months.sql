-- Visits added up per village, helper level, kind and month (the visits themselves are
-- 28 million rows in a province's latest snapshot): /helpers' months, the deck's visits.
-- The rows and the definition visit_months are written in visit_months_live.sql; this is what queries read.
-- materialised: order by village_code, month; scope area (a helper's account reads visit_months_live)
create or replace view visit_months as
select * from visit_months_live;
