-- id: C26
-- severity: warning
-- title_zh: 帮扶责任人帮扶超过5户
-- title_en: Helper responsible for more than 5 households
-- explanation_zh: 按规定每名市镇帮扶责任人帮扶3至5户。超过5户的，帮扶难以落实到位，应调整结对。
-- explanation_en: Each city or town helper answers for 3 to 5 households. More than 5 cannot all be helped properly: reassign some.
-- Grain: one row per responsible (city or town) helper whose registered households are over
-- the 3–5 rule (helper_load = 'over': more than helper_households_max()); a helper-level
-- finding, so household_id is NULL and village_code is that of most of the helper's households
-- (the lowest code on a tie).
-- Parameters: $snapshot_date (DATE).
-- Personal data: the helper's name goes through mask_name.
with loads as (
    select
        helper_id,
        count(*) as households,
        mode(village_code order by village_code) as village_code,
        string_agg(household_id, '、' order by household_id) as household_ids
    from households
    where snapshot_date = $snapshot_date
      and is_registered(status)
      and helper_id is not null
    group by helper_id
)

select
    cast(null as varchar) as household_id,
    cast(null as varchar) as person_id,
    loads.village_code,
    '帮扶责任人 ' || helper.helper_id || '（' || mask_name(helper.name) || '，' || helper.unit
    || '）帮扶 ' || loads.households || ' 户：' || loads.household_ids as detail
from loads
inner join helpers as helper
    on helper.helper_id = loads.helper_id
   and helper.snapshot_date = $snapshot_date
where is_responsible_helper(helper.level)
  and helper_load(loads.households) = 'over'
order by loads.households desc, helper.helper_id
