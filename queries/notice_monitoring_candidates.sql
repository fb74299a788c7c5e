-- notice_monitoring_candidates: the households a village's monitoring notice (拟纳入防返贫监测对象
-- 名单公示) names, for one year.
-- Grain: one row per monitoring spell identified in $year in the village (monitoring_spells),
-- by group then household number.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR), $year (INTEGER).
-- Personal data: the head's name through mask_name (household_heads); the kind of object only:
-- no risk type (a health detail), no ID number, no phone is selected.
select
    spells.household_id,
    place.group_name,
    heads.head_name,
    coalesce(people.people, 0) as people,
    spells.object_type
from monitoring_spells as spells
inner join households as place
    on place.snapshot_date = spells.snapshot_date and place.household_id = spells.household_id
left join household_heads as heads
    on heads.snapshot_date = spells.snapshot_date and heads.household_id = spells.household_id
left join (
    select household_id, count(*) as people
    from members
    where snapshot_date = $snapshot_date
    group by household_id
) as people on people.household_id = spells.household_id
where spells.snapshot_date = $snapshot_date
  and spells.village_code = $village_code
  and year(spells.identified_date) = $year
order by group_number(place.group_name) nulls last, place.group_name, spells.household_id,
    spells.identified_date
