-- monitoring_totals: the monitoring page's key numbers (防返贫监测) on one snapshot.
-- Grain: one row. Parameters: $snapshot_date (DATE).
-- households: every household ever identified, in the state of its latest spell (the
-- monitoring_households definition); open / eliminated by that spell on the snapshot date;
-- elimination_rate = eliminated ÷ ever identified (保山's 风险消除率, on households; NULL when
-- none); open_without_measure and open_able_without_developmental: open objects with no measure,
-- and with a member able to work but no industry or employment measure; identified_again:
-- households with more than one spell (identified again after an elimination);
-- identified_this_year / eliminated_this_year: spells identified or eliminated in the snapshot's
-- calendar year, up to the snapshot date.
with objects as (
    select *
    from monitoring_households
    where snapshot_date = $snapshot_date
),

spells as (
    select *
    from monitoring_spells
    where snapshot_date = $snapshot_date
)

select
    count(*) as households,
    coalesce(sum(objects.people), 0) as people,
    count(*) filter (where objects.is_open) as open_households,
    coalesce(sum(objects.people) filter (where objects.is_open), 0) as open_people,
    count(*) filter (where not objects.is_open) as eliminated_households,
    count(*) filter (where not objects.is_open) / nullif(count(*), 0) as elimination_rate,
    count(*) filter (where objects.is_open and not objects.has_measure) as open_without_measure,
    count(*) filter (
        where objects.is_open and objects.able_workers > 0 and not objects.has_developmental
    ) as open_able_without_developmental,
    count(*) filter (where objects.spells > 1) as identified_again,
    (
        select count(*)
        from spells
        where year(spells.identified_date) = year($snapshot_date)
    ) as identified_this_year,
    (
        select count(*)
        from spells
        where not spells.is_open and year(spells.eliminated_date) = year($snapshot_date)
    ) as eliminated_this_year
from objects
