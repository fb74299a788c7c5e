-- The monitoring work of 2021 on (防止返贫动态监测和帮扶): the monitoring line, an open object,
-- a developmental measure, and the named thresholds of the early warning. Rules and sources:
-- ../shared/reference/monitoring-rules.md. `monitoring_lines` is the reference table
-- data/reference/monitoring_line.csv, with a county's own lines from the instance folder
-- (monitoring_line.csv there) on top, loaded by the data layer into every connection
-- (region_code VARCHAR, '' for the national floor; year, line_yuan INTEGER; basis, source).

-- definition: monitoring_line
-- name_zh: 防返贫监测范围（监测线）
-- name_en: The monitoring line (监测范围)
-- rule_zh: 家庭年人均纯收入的监测范围（元/人·年），按省或县、按年度取参考表中的数值：取不晚于该年度的最近一年；同一年度有县、市、省和全国几档时取最具体的一档（县优先于省，省优先于全国底线）；较新年度的省级数值优先于较早年度的县级数值。早于表中最早年度时取全国最早一年（2020年，1.5倍国家扶贫标准左右）。监测线只是参考：是否纳入监测要综合研判收入、刚性支出和两不愁三保障。
-- rule_en: The income range of the monitoring (yuan per person per year) by province or county and year, from the reference table: the latest year not after the year asked; for that year the most specific region (a county before its province, a province before the national floor); a newer provincial line wins over an older county line. A year before the table takes the first national line (2020, about 1.5 × the poverty line). The line is a reference: identification weighs income, unavoidable spending and the three guarantees together.
-- source: national (中农组发〔2021〕7号: 1.5 × the campaign's line, 6,000 yuan in 2021, provinces set theirs at or above it; values and sources per row in data/reference/monitoring_line.csv)
create or replace macro monitoring_line_rank(line_year, region_code) as
    line_year * 100 + length(region_code);
create or replace macro monitoring_line(code, for_year) as coalesce(
    (
        select arg_max(l.line_yuan, monitoring_line_rank(l.year, l.region_code))
        from monitoring_lines as l
        where starts_with(code, l.region_code) and l.year <= for_year
    ),
    (select min_by(l.line_yuan, l.year) from monitoring_lines as l where l.region_code = '')
);

-- definition: open_monitoring_object
-- name_zh: 未消除风险的监测对象
-- name_en: An open monitoring object (risk not eliminated)
-- rule_zh: 截至快照日风险尚未标注消除的监测记录：风险是否消除为“否”，或消除时间晚于快照日。一户多次纳入监测时，以最近一次识别的记录为该户现状。
-- rule_en: A monitoring spell whose risk is not marked eliminated on the snapshot date: eliminated is false, or its elimination date is after the snapshot. A household identified more than once is in the state of its latest spell.
-- source: national (全国防返贫监测信息系统: 风险是否已消除, 风险消除时间)
create or replace macro is_open_monitoring_object(eliminated, eliminated_date, on_date) as
    not coalesce(eliminated and coalesce(eliminated_date, on_date) <= on_date, false);

-- definition: monitoring_measure
-- name_zh: 已落实帮扶措施
-- name_en: Has a helping measure
-- rule_zh: 帮扶措施一栏写有至少一项措施（去掉空格后非空）。
-- rule_en: The measures column names at least one measure (not empty after trimming).
-- source: national (帮扶措施落实率; every object must have a measure for its risk)
create or replace macro has_monitoring_measure(measures) as
    coalesce(trim(measures), '') <> '';

-- definition: developmental_measure
-- name_zh: 开发式帮扶措施（产业、就业）
-- name_en: A developmental measure (industry or employment)
-- rule_zh: 帮扶措施中含“产业”或“就业”（产业帮扶、就业帮扶，含公益岗位以外的务工就业）。有劳动能力的监测对象应至少有一项。
-- rule_en: The measures name 产业 (industry) or 就业 (employment). Every object with labour should have at least one.
-- source: national (有劳动能力和意愿的监测对象至少落实1项产业或就业帮扶措施: 农业农村部 2024-09, xiapazi.net; monitoring-rules.md §6.1)
create or replace macro has_developmental_measure(measures) as
    regexp_matches(coalesce(measures, ''), '产业|就业');

-- definition: monitoring_duration
-- name_zh: 监测时长
-- name_en: How long an object has been monitored
-- rule_zh: 从风险识别时间到风险消除时间（未消除的到快照日）的整月数，分为不满6个月、6—12个月、12—24个月、24个月及以上四档。6个月是风险消除的最短时间。
-- rule_en: Whole months from identification to elimination (to the snapshot date while open), in four bands: under 6, 6 to 12, 12 to 24, 24 and more. Six months is the least before a risk may be marked eliminated.
-- source: national (风险消除原则上不得低于半年: yjq.gov.cn 2024; monitoring-rules.md §5.1)
create or replace macro monitoring_months(identified_date, until_date) as
    date_sub('month', identified_date, until_date);
create or replace macro monitoring_elimination_months_min() as 6;
create or replace macro monitoring_duration_band(months) as case
    when months < monitoring_elimination_months_min() then 'under_6'
    when months < 12 then '6_12'
    when months < 24 then '12_24'
    else '24_plus'
end;

-- definition: warning_income_near_line
-- name_zh: 收入接近监测线（预警）
-- name_en: Income near the monitoring line (a warning)
-- rule_zh: 人均纯收入不高于该户所在县（省）当年监测线的1.1倍：低于或接近监测线。只是走访线索，不是识别。
-- rule_en: Income per head at most 1.1 times the monitoring line of the household's county (or province) for the income's year: below or near the line. A clue for a visit, not an identification.
-- source: ours (10 % above the line, after 国开发〔2020〕6号's "1.5倍左右": a household just above the line is the one to look at)
create or replace macro warning_income_margin() as 0.1;

-- definition: warning_medical_share
-- name_zh: 医疗自付费用偏高（预警）
-- name_en: A heavy medical bill (a warning)
-- rule_zh: 医保部门推送的近12个月住院、门诊自付费用合计超过该户全年纯收入（人均纯收入×人口）的50%。
-- rule_en: The out-of-pocket medical costs the medical-insurance office sent for the last 12 months add up to more than 50 % of the household's yearly net income (income per head × size).
-- source: ours, after 阳原县 (health.china.com.cn 2022-09-27: 脱贫人口 out-of-pocket above 50 % of the previous year's rural income per head is a 因病返贫 warning); the household's own income stands in for the regional figure
create or replace macro warning_medical_share() as 0.5;

-- definition: warning_lookback
-- name_zh: 部门数据回看期
-- name_en: How far back department records count
-- rule_zh: 部门推送记录的日期在快照日之前12个月之内（含快照日）才作为预警线索。
-- rule_en: A department's record is a clue when dated within the 12 months up to the snapshot date.
-- source: national (收入按申请前12个月计算: dingnan.gov.cn; 滨州 12-month look-back for medical bills)
create or replace macro warning_lookback_months() as 12;

-- definition: department_signal
-- name_zh: 部门数据的信号类别
-- name_en: What a department's record signals
-- rule_zh: 医保部门的记录为医疗费用；残联的为新增残疾；教育部门写有“辍学”或“失学”的为辍学；应急管理部门的为受灾；写有“死亡”的为死亡；车辆管理、市场监管、财政供养部门的为车辆、经营主体、财政供养人员（回头看的识别疑点）；其余为其他。
-- rule_en: A medical-insurance record is a medical bill; a disabled persons' federation record a new disability; an education record that says 辍学 or 失学 a dropout; an emergency-management record a disaster; a record that says 死亡 a death; vehicle, market-regulation and public-payroll records a car, a business, a public salary (the 2018 回头看 doubts); anything else other.
-- source: national (部门筛查预警: monitoring-rules.md §4.1, the departments and what each pushes)
create or replace macro department_signal(department, kind) as case
    when department = 'medical_insurance' then 'medical_bill'
    when department = 'disability' then 'new_disability'
    when department = 'education' and regexp_matches(coalesce(kind, ''), '辍学|失学') then 'dropout'
    when department = 'emergency' then 'disaster'
    when regexp_matches(coalesce(kind, ''), '死亡') then 'death'
    when department = 'vehicles' then 'vehicle'
    when department = 'market_regulation' then 'business'
    when department = 'public_payroll' then 'public_payroll'
    else 'other'
end;

-- definition: department_signal_side
-- name_zh: 部门信号属于哪一方面
-- name_en: Which side a department's signal is on
-- rule_zh: 车辆、经营主体、财政供养人员是2018年“回头看”的精准识别疑点（在册贫困户成员不应有的条件）；医疗费用、新增残疾、辍学、受灾、死亡是防返贫监测的风险信号；其余为其他。
-- rule_en: A car, a business and a public salary are the 2018 回头看's identification doubts (what a member of a registered poor household should not have); medical bills, a new disability, a dropout, a disaster and a death are the monitoring's risk signals; anything else is other.
-- source: national (the 2018 回头看 精准识别 comparisons; 部门筛查预警: monitoring-rules.md §4.1)
create or replace macro department_signal_side(signal) as case
    when signal in ('vehicle', 'business', 'public_payroll') then 'identification'
    when signal in ('medical_bill', 'new_disability', 'dropout', 'disaster', 'death')
        then 'monitoring'
    else 'other'
end;

-- definition: warning_students
-- name_zh: 多名子女非义务教育阶段就学（八必访）
-- name_en: Several children in non-compulsory schooling (八必访)
-- rule_zh: 家中至少2人在读高中、中职、高职或大学。
-- rule_en: At least 2 members in senior, vocational or higher education.
-- source: national practice (八必访 item 6, Henan 2024: xxjyjedu.com t20240604_4559421)
create or replace macro warning_students_min() as 2;
create or replace macro is_non_compulsory_student(school_stage) as
    school_stage in ('senior', 'secondary_vocational', 'higher_vocational', 'college');

-- definition: warning_unstable_migrant
-- name_zh: 务工收入为主且务工不稳（八必访）
-- name_en: Living on migrant work that is unstable (八必访)
-- rule_zh: 家中有劳动能力的人全部外出务工，且其中有人全年务工不足6个月。
-- rule_en: Every member able to work is a migrant worker, and one of them worked fewer than 6 months of the year.
-- source: ours, after 八必访 item 7 (务工收入占比高、务工时间不稳定; Henan 2024)
create or replace macro warning_migrant_months_min() as 6;

-- definition: warning_clue_order
-- name_zh: 预警线索的排列顺序
-- name_en: The order clues are listed in
-- rule_zh: 走访名单按线索类别排列：先收入、登记信息（大病残疾无劳动力）、部门推送（医疗、新增残疾、辍学、受灾、劳动力死亡）、到期贷款，再八必访各类。
-- rule_en: The visit list goes by kind of clue: income, the register (illness with no one able to work), the departments' records (medical bills, new disability, dropout, disaster, a worker's death), loans falling due, then the 八必访 kinds.
-- source: ours (the issue's own clues before the 八必访 kinds, which name many more households)
create or replace macro warning_clue_order(clue) as coalesce(array_position([
    'income_near_line', 'illness_no_labor', 'medical_bill', 'new_disability', 'dropout',
    'disaster', 'worker_death', 'loan_due', 'visit_tekun_alone', 'visit_dibao',
    'visit_serious_illness', 'visit_disability', 'visit_students', 'visit_unstable_migrant'
], clue), 99);

-- definition: whole_household_without_labor
-- name_zh: 整户无劳动能力
-- name_en: A whole household without labour
-- rule_zh: 家中每名成员的劳动能力都是丧失劳动力或无劳动力（弱劳动力、半劳动力算有劳动能力）。这样的户落实社会保障后暂不标注风险消除，继续监测。
-- rule_en: Every member's labour is lost or none (weak or partial labour counts as some). Such a household is not marked eliminated once social assistance is in place; it stays monitored.
-- source: national (整户无劳动力: "暂不标注风险消除", hainan.gov.cn; yjq.gov.cn; monitoring-rules.md §5.1)
create or replace macro is_without_labor(labor) as labor in ('lost', 'none');

-- definition: measure_for_risk
-- name_zh: 与风险对应的帮扶措施
-- name_en: A measure that answers the risk
-- rule_zh: 因病须有健康或社会帮扶；因学须有教育（义务教育保障、教育帮扶）或社会帮扶；因残须有综合保障或社会帮扶；住房出现安全问题须有住房安全保障或搬迁；饮水安全问题须有饮水安全保障。其他风险不作要求。
-- rule_en: Illness needs a health or social-help measure; schooling costs an education or social-help measure; disability social assistance (综合保障) or social help; unsafe housing safe-housing support or relocation; unsafe water safe-water support. Other risks need none in particular.
-- source: national practice (data checks on national-system exports, Gzuwkj/fuping rules; monitoring-rules.md §6.3)
create or replace macro has_measure_for_risk(main_risk, measures) as case main_risk
    when 'illness' then regexp_matches(coalesce(measures, ''), '健康|社会')
    when 'education' then regexp_matches(coalesce(measures, ''), '教育|社会')
    when 'disability' then regexp_matches(coalesce(measures, ''), '综合保障|低保|特困|社会')
    when 'housing' then regexp_matches(coalesce(measures, ''), '住房|搬迁')
    when 'drinking_water' then regexp_matches(coalesce(measures, ''), '饮水')
    else true
end;

-- definition: identification_days_max
-- name_zh: 识别认定时限
-- name_en: The time limit of identification
-- rule_zh: 从部门推送或发现线索到纳入监测不超过15天。只在有日期可比时检查：以该户成员在识别前12个月内最早的一条部门记录的日期为线索日期。
-- rule_en: At most 15 days from a department's record or a clue to identification. Checked only where dates exist: the clue's date is that of the earliest department record about a member in the 12 months before identification.
-- source: national (识别时间 ≤ 15 天: 国新办 2023-02-14; 2022 中央一号文件 "缩短认定时间"); the clue date is ours
create or replace macro identification_days_max() as 15;
