-- The household's status on the register (户状态), as every page and check counts it.
-- These macros take the contract's `households.status` code.

-- definition: registered
-- name_zh: 在册贫困户
-- name_en: Registered (on the register)
-- rule_zh: 快照中户状态为未脱贫、已脱贫或返贫的建档立卡户；“清退/自然减少”的户和从未建档立卡的一般农户监测对象（monitored_only）都不算。
-- rule_en: A household of the snapshot whose status is not exited, exited or relapsed; neither a removed household nor an ordinary household that is only a monitoring object (monitored_only) counts.
-- source: ours, after the 建档立卡 system (清退 households leave the register; the report's F01 counts every row because its demo town has none removed by 2018-06-30); data contract v1.2 (monitored_only is never counted as poor or exited)
create or replace macro is_registered(status) as status in ('not_exited', 'exited', 'relapsed');

-- definition: exited
-- name_zh: 已脱贫
-- name_en: Exited
-- rule_zh: 户状态为“已脱贫”；脱贫年度为该户的退出年份。返贫户不算已脱贫。
-- rule_en: Status exited; the exit year is exit_year. A relapsed household is not counted as exited.
-- source: national (建档立卡 户状态)
create or replace macro is_exited(status) as status = 'exited';

-- definition: not_exited
-- name_zh: 未脱贫
-- name_en: Not exited (still poor)
-- rule_zh: 户状态为“未脱贫”或“返贫”：返贫户重新计入未脱贫。
-- rule_en: Status not_exited or relapsed: a relapsed household counts as poor again.
-- source: report (F03: 205 未脱贫 households include the relapsed)
create or replace macro is_not_exited(status) as status in ('not_exited', 'relapsed');

-- definition: relapsed
-- name_zh: 返贫
-- name_en: Relapsed
-- rule_zh: 户状态为“返贫”：曾脱贫（保留脱贫年度）后又陷入贫困。
-- rule_en: Status relapsed: exited once (its exit_year is kept), then poor again.
-- source: national (建档立卡 户状态)
create or replace macro is_relapsed(status) as status = 'relapsed';

-- definition: removed
-- name_zh: 清退/自然减少
-- name_en: Removed
-- rule_zh: 户状态为“清退/自然减少”：识别不准被清退，或全户死亡、迁出；不再计入在册户。
-- rule_en: Status removed: wrongly identified and taken off, or the household died out or moved away; no longer registered.
-- source: national (动态管理)
create or replace macro is_removed(status) as status = 'removed';

-- definition: monitored_only
-- name_zh: 一般农户监测对象
-- name_en: Ordinary household under monitoring
-- rule_zh: 户状态为“monitored_only”：从未建档立卡的一般农户，因成为防返贫监测对象（边缘易致贫户，或一般农户中的突发严重困难户）而在册；不计入贫困户、脱贫户及其人口。
-- rule_en: Status monitored_only: an ordinary household, never registered as poor, on the list only as a monitoring object (an edge household, or an ordinary household in sudden hardship); never counted among the poor or the exited, nor their people.
-- source: national (中农组发〔2021〕7号: the three kinds of monitoring object; data contract v1.2 status monitored_only)
create or replace macro is_monitored_only(status) as status = 'monitored_only';
