-- ledger_names: the names a ledger shows beside its codes: villages, heads of household, helpers.
-- Grain: one row per (kind, code): kind 'village' (village_code → village_name), 'household'
-- (household_id → head's name, with its village), 'helper' (helper_id → helper's name), 'area'
-- (the code of a town, county, prefecture or province the villages lie in → its name).
-- Parameters: $snapshot_date (DATE).
-- Personal data: heads' and helpers' names through mask_name (whole only for a viewer who may).
with villages_named as (
    select 'village' as kind, village_code as code, village_name as name, village_code
    from villages
    where snapshot_date = $snapshot_date
),

heads as (
    select
        'household' as kind,
        households.household_id as code,
        household_heads.head_name as name,
        households.village_code
    from households
    left join household_heads
        on household_heads.snapshot_date = households.snapshot_date
       and household_heads.household_id = households.household_id
    where households.snapshot_date = $snapshot_date
),

helpers_named as (
    select 'helper' as kind, helper_id as code, mask_name(name) as name, null as village_code
    from helpers
    where snapshot_date = $snapshot_date
),

areas_named as (
    select distinct 'area' as kind, town_code as code, town_name as name, null as village_code
    from villages where snapshot_date = $snapshot_date
    union
    select distinct 'area', county_code, county_name, null
    from villages where snapshot_date = $snapshot_date
    union
    select distinct 'area', prefecture_code, prefecture_name, null
    from villages where snapshot_date = $snapshot_date and prefecture_code is not null
    union
    select distinct 'area', province_code, province_name, null
    from villages where snapshot_date = $snapshot_date and province_code is not null
)

select * from villages_named
union all
select * from areas_named
union all
select * from heads
union all
select * from helpers_named
