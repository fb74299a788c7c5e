-- village_attention: what makes each unit (village, or the next level down above a town: a
-- county's towns) need attention, on one snapshot.
-- Grain: one row per unit = left(village_code, $unit_digits) (the village_units macro), in
-- code order; village_code holds the unit's code, village_name its name, kind the village's
-- kind (村/社区) or 'unit' above a village.
-- Parameters: $snapshot_date (DATE), $unit_digits (INTEGER: 12 villages, the default; 9 towns,
-- 6 counties, 4 prefectures, 2 provinces).
-- Not-exited counts add up village_totals; incidence is the unit's not-exited people over the
-- registered population of all its villages (for a village, village_totals.incidence).
-- unmet_households: registered households with 两不愁三保障 unmet: unsafe housing or water, a
-- member without medical insurance, or a child of compulsory-school age out of school (the
-- child_out_of_school definition, as household_facts counts it).
-- unvisited_households: not-exited households not visited recently by their own helper
-- (household_facts.is_visited_recently: the visited_recently definition, 90 days).
-- not_in_source: unmet_households <- households.housing_safe, households.drinking_water_safe, members.medical_insurance, members.education
with per_village as (
    select
        village_code,
        count(*) filter (
            where not housing_safe
               or not drinking_water_safe
               or uninsured_members > 0
               or children_out_of_school > 0
        ) as unmet_households,
        count(*) filter (where is_not_exited and not is_visited_recently) as unvisited_households
    from household_facts
    where snapshot_date = $snapshot_date
      and is_registered
    group by village_code
)

select
    units.unit_code as village_code,
    coalesce(any_value(units.unit_name), units.unit_code) as village_name,
    any_value(units.unit_kind) as kind,
    cast(sum(totals.population) as bigint) as population,
    cast(sum(totals.not_exited_households) as bigint) as not_exited_households,
    cast(sum(totals.not_exited_people) as bigint) as not_exited_people,
    sum(totals.not_exited_people) / nullif(sum(totals.population), 0) as incidence,
    cast(coalesce(sum(per_village.unmet_households), 0) as bigint) as unmet_households,
    cast(coalesce(sum(per_village.unvisited_households), 0) as bigint) as unvisited_households
from village_units($snapshot_date, $unit_digits) as units
inner join village_totals as totals
    on totals.village_code = units.village_code
   and totals.snapshot_date = $snapshot_date
left join per_village on per_village.village_code = units.village_code
group by units.unit_code
order by units.unit_code
