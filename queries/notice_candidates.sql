-- notice_candidates: the households a village's notice (公示) proposes, for one year.
-- Grain: one row per proposed household, by group then household number.
-- Parameters: $snapshot_date (DATE), $village_code (VARCHAR), $year (INTEGER),
--             $kind (VARCHAR: 'exit' 拟退出 or 'identify' 拟识别).
-- exit: not exited, planned to exit in $year and meeting the exit standard (household_facts);
-- identify: identified in $year (the 识别年度), whatever its status now, removed ones left out.
-- Personal data: the head's name through mask_name, so only a viewer who may see names gets it
-- whole (a notice needs names, so the notice is made by such a viewer); no ID number is selected.
with proposed as (
    select
        facts.household_id,
        facts.group_name,
        facts.people,
        facts.main_cause,
        facts.attribute
    from household_facts as facts
    where facts.snapshot_date = $snapshot_date
      and facts.village_code = $village_code
      and (
          ($kind = 'exit'
           and facts.is_not_exited
           and facts.planned_exit_year = $year
           and facts.meets_exit_standard)
          or ($kind = 'identify'
              and facts.is_registered
              and facts.identified_year = $year)
      )
)

select
    proposed.household_id,
    proposed.group_name,
    heads.head_name,
    proposed.people,
    proposed.main_cause,
    proposed.attribute
from proposed
left join household_heads as heads
    on heads.snapshot_date = $snapshot_date
   and heads.household_id = proposed.household_id
order by group_number(proposed.group_name) nulls last, proposed.group_name, proposed.household_id
