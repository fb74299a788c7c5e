-- definition: industry_payments_between
-- name_zh: 统计期内的特色种养业扶持
-- name_en: Industry support paid in a period
-- rule_zh: 某一快照中，发放日期在统计期内（两端都含）的特色种植、特色养殖发放记录，一条一个项目；另加发放年度和半年（1 为上半年1至6月，2 为下半年7至12月）。/industry 按年、按半年、按品种的汇总都从这里读起。
-- rule_en: The industry_planting and industry_breeding payments of one snapshot paid in a period (both ends inclusive), one row a project, with the year paid and its half (1 for January to June, 2 for July to December). /industry's sums by year, by half-year and by item all start here.
-- source: report (F27–F30: 特色种养业)
create or replace macro industry_payments_between(on_date, paid_from, paid_to) as table
select
    *,
    year(paid_date) as paid_year,
    case when month(paid_date) <= 6 then 1 else 2 end as half
from payments
where snapshot_date = on_date
  and is_industry_program(program)
  and paid_date between paid_from and paid_to;
