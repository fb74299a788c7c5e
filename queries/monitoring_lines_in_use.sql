-- monitoring_lines_in_use: the monitoring line (监测范围) of each county of the snapshot by year.
-- Grain: one row per county of the snapshot's villages per year from 2020 to the snapshot's
-- year, with the reference row it comes from (the monitoring_line definition's choice, by
-- monitoring_line_rank): its region, year, basis (floor, set, not_below 不低于, reference 为参考),
-- source, and whether the county set it itself (overridden). Parameters: $snapshot_date (DATE).
with counties as (
    select distinct county_code, county_name
    from villages
    where snapshot_date = $snapshot_date
),

years as (
    select unnest(generate_series(2020, greatest(2020, year($snapshot_date)))) as year
),

candidates as (
    select
        counties.county_code,
        counties.county_name,
        years.year,
        lines.region_code,
        lines.region_name,
        lines.year as line_year,
        lines.line_yuan,
        lines.basis,
        lines.source,
        lines.overridden,
        row_number() over (
            partition by counties.county_code, years.year
            order by monitoring_line_rank(lines.year, lines.region_code) desc
        ) as pick
    from counties
    cross join years
    inner join monitoring_lines as lines
        on starts_with(counties.county_code, lines.region_code) and lines.year <= years.year
)

select
    county_code,
    county_name,
    year,
    line_yuan,
    region_code,
    region_name,
    line_year,
    basis,
    source,
    overridden
from candidates
where pick = 1
order by county_code, year
