-- definition: evaluated_households
-- name_zh: 评估范围内的户
-- name_en: The households an evaluation counts
-- rule_zh: 某一快照中，所选范围（未选村时为读者可看的全部村，选了村时为该村）内的每一户，各项同“户的事实”（人数、状态判定、走访等）。评估的总数、剩余户、帮扶、脱贫年度和数据质量都从这里读起。
-- rule_en: Every household of one snapshot in the chosen scope (every village the reader may see when no village is chosen, that village when one is), with the columns of household_facts (people, status flags, visits). The evaluation's headline, remaining households, helpers, exits by year and data quality all start here.
-- source: ours (the evaluation's village choice)
create or replace macro evaluated_households(on_date, chosen_village) as table
select *
from household_facts
where snapshot_date = on_date
  and in_chosen_village(village_code, chosen_village);
