-- evaluation_headline: the register's headline counts on one snapshot, for the town or a village.
-- Grain: one row.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR, NULL for the whole town).
-- household_rows / member_rows are every row of households / members, as the report counts
-- "建档立卡贫困户650户、1372人"; registered_* leave out households marked removed (清退).
-- not_exited_* count not_exited and relapsed together (未脱贫), as the report does.
-- renovated_households: distinct households paid housing_renovation on or before the snapshot.
-- not_in_source: family_doctor_percent <- households.family_doctor_signed
-- not_in_source: registered_groups <- households.group_name
with household_people as (
    select * from evaluated_households($snapshot_date, $village_code)
),

-- program_slots counts the households on the snapshot's list that a program paid on or
-- before the snapshot, per village: the same households as the payments joined, summed.
renovated as (
    select coalesce(sum(n), 0) as households
    from program_slots
    where snapshot_date = $snapshot_date
      and program = 'housing_renovation'
      and kind = 'households'
      and in_chosen_village(village_code, $village_code)
)

select
    count(*) as household_rows,
    cast(coalesce(sum(people), 0) as bigint) as member_rows,
    count(*) filter (where is_registered) as registered_households,
    cast(coalesce(sum(people) filter (where is_registered), 0) as bigint) as registered_people,
    count(*) filter (where is_exited) as exited_households,
    cast(coalesce(sum(people) filter (where is_exited), 0) as bigint) as exited_people,
    count(*) filter (where is_not_exited) as not_exited_households,
    cast(coalesce(sum(people) filter (where is_not_exited), 0) as bigint) as not_exited_people,
    count(*) filter (where is_relapsed(status)) as relapsed_households,
    count(*) filter (where is_removed(status)) as removed_households,
    min(identified_year) as first_identified_year,
    count(distinct (village_code, group_name)) as registered_groups,
    count(distinct village_code) as registered_units,
    round(100.0 * count(*) filter (where family_doctor_signed) / nullif(count(*), 0), 2)
        as family_doctor_percent,
    (select households from renovated) as renovated_households
from household_people
