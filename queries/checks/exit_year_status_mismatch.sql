-- id: C32
-- severity: error
-- title_zh: 脱贫年度与脱贫状态不符
-- title_en: Exit year disagrees with the status
-- explanation_zh: 已脱贫户须有脱贫年度；未脱贫户不应有脱贫年度；脱贫年度不能晚于快照所在年度。不符的，更正状态或年度。
-- explanation_en: An exited household needs an exit year; one not yet exited has none; no exit year lies after the snapshot's year. Correct the status or the year.
-- Grain: one row per registered household that is exited without an exit_year, not_exited with
-- one, or has an exit_year after the snapshot's year (relapsed without one is rule C31's: a
-- relapsed household counts as not exited but keeps the year it exited, so it is left out of
-- "not exited with an exit year" here).
-- Parameters: $snapshot_date (DATE).
with registered as (
    select
        *,
        is_not_exited(status) and not is_relapsed(status) as never_exited
    from registered_households_of($snapshot_date)
)

select
    household_id,
    cast(null as varchar) as person_id,
    village_code,
    case
        when is_exited(status) and exit_year is null then '状态：已脱贫；脱贫年度为空'
        when never_exited and exit_year is not null
            then '状态：未脱贫；却有脱贫年度 ' || exit_year
        else '脱贫年度 ' || exit_year || ' 晚于快照年度 ' || year($snapshot_date::date)
    end as detail
from registered
where (is_exited(status) and exit_year is null)
   or (never_exited and exit_year is not null)
   or exit_year > year($snapshot_date::date)
order by village_code, household_id
