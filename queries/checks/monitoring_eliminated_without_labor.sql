-- id: C52
-- severity: error
-- title_zh: 整户无劳动能力却已标注风险消除
-- title_en: Risk marked eliminated for a whole household without labour
-- explanation_zh: 整户无劳动能力的监测对象，落实社会保障兜底后“暂不标注风险消除”，应继续监测。该户最近一次监测已标注消除：回退为风险未消除，或核实成员的劳动能力。
-- explanation_en: A household where no one can work stays monitored once social assistance is in place ("暂不标注风险消除"). This household's latest spell is marked eliminated: roll it back, or check its members' labour.
-- Grain: one row per household whose latest spell is eliminated on the snapshot date and every
-- one of whose members is without labour (is_without_labor); a household with no member rows
-- is left out.
-- Parameters: $snapshot_date (DATE).
with labour as (
    select household_id, count(*) as members, bool_and(is_without_labor(labor)) as none_can_work
    from members
    where snapshot_date = $snapshot_date
    group by household_id
)

select
    spells.household_id,
    cast(null as varchar) as person_id,
    spells.village_code,
    labour.members || ' 名成员均无劳动能力，却已于 ' || strftime(spells.eliminated_date, '%Y-%m-%d')
    || ' 标注风险消除' as detail
from monitoring_spells as spells
inner join labour on labour.household_id = spells.household_id
where spells.snapshot_date = $snapshot_date
  and spells.is_latest
  and not spells.is_open
  and labour.none_can_work
order by spells.village_code, spells.household_id
