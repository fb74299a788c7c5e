-- Each visitor's latest visit per village: the deck's helpers who visited in the period.
-- The rows and the definition helper_village_visits are written in helper_village_visits_live.sql; this is what queries read.
-- materialised: order by village_code, helper_id; scope area (a helper reads helper_village_visits_live)
create or replace view helper_village_visits as
select * from helper_village_visits_live;
