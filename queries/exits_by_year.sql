-- exits_by_year: households and people that have exited poverty, by the year they exited.
-- Grain: one row per exit year (脱贫年度), oldest first.
-- Parameters: $snapshot_date (DATE).
-- Counts exited households (household_facts.is_exited); relapsed households (返贫) keep their
-- exit year in the register but are not counted here, as the report counts them.
select
    exit_year,
    count(*) as households,
    coalesce(sum(people), 0) as people
from household_facts
where snapshot_date = $snapshot_date
  and is_exited
group by exit_year
order by exit_year
