-- access_demo_accounts: what the demo's sample accounts are linked to (tuopin serve on the demo).
-- Grain: one row.
-- Parameters: none.
-- helper_id: the responsible helper (households.helper_id) with the most households in the
-- latest snapshot, so the demo helper account has households to open; village_code: the
-- village with the most households then, for the village-level leader. Ties go to the
-- smallest code, so the same demo always gives the same accounts.
with latest as (
    select * from households
    where snapshot_date = (select max(snapshot_date) from households)
),
busiest_helper as (
    select helper_id
    from latest
    where helper_id is not null
    group by helper_id
    order by count(*) desc, helper_id
    limit 1
),
largest_village as (
    select village_code
    from latest
    where village_code is not null
    group by village_code
    order by count(*) desc, village_code
    limit 1
)
select
    (select helper_id from busiest_helper) as helper_id,
    (select village_code from largest_village) as village_code
