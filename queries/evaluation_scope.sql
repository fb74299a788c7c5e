-- evaluation_scope: the town (or one village) the half-year evaluation speaks of, as a unit list.
-- Grain: one row. The viewer's area (`--area`) may hold many towns: scope_name names the
-- area (the town, else the county, the prefecture, the province), scope_level its level.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR, NULL for the whole town).
-- administrative_villages counts 行政村 (the administrative_village definition), as the
-- report's "辖9个行政村1个航运公司1个渔场" does; groups is the sum of groups_count (村民组).
with units as (
    select *
    from villages
    where snapshot_date = $snapshot_date
      and in_chosen_village(village_code, $village_code)
)

select
    -- Above a town (a county's evaluation, `tuopin deck --area`) there is no one town.
    case when count(distinct town_code) = 1 then any_value(town_name) end as town_name,
    case when count(distinct county_code) = 1 then any_value(county_name) end as county_name,
    case
        when $village_code::varchar is not null then any_value(village_name)
        when count(distinct town_code) = 1 then any_value(town_name)
        when count(distinct county_code) = 1 then any_value(county_name)
        when count(distinct coalesce(prefecture_code, left(village_code, 4))) = 1
            then coalesce(any_value(prefecture_name), any_value(left(village_code, 4)))
        else coalesce(any_value(province_name), any_value(left(village_code, 2)))
    end as scope_name,
    -- The level scope_name is of: what the narrative calls the whole (全村, 全镇, 全县 …).
    case
        when $village_code::varchar is not null then 'village'
        when count(distinct town_code) = 1 then 'town'
        when count(distinct county_code) = 1 then 'county'
        when count(distinct coalesce(prefecture_code, left(village_code, 4))) = 1 then 'prefecture'
        else 'province'
    end as scope_level,
    count(*) as units,
    count(*) filter (where is_administrative_village(kind)) as administrative_villages,
    count(*) filter (where kind = 'water_village') as water_villages,
    count(*) filter (where kind = 'community') as communities,
    count(*) filter (where kind = 'shipping_company') as shipping_companies,
    count(*) filter (where kind = 'fishery') as fisheries,
    coalesce(sum(groups_count), 0) as groups,
    coalesce(sum(population), 0) as population,
    count(*) filter (where is_poor_village) as poor_villages,
    string_agg(village_name, '、' order by village_code) filter (where is_poor_village)
        as poor_village_names,
    max(poor_village_exit_year) filter (where is_poor_village) as poor_village_exit_year,
    count(*) filter (
        where is_poor_village and poor_village_exit_year <= year($snapshot_date)
    ) as poor_villages_exited
from units
