-- Rules of the register that read no table: the order of villager groups, programs and helper
-- levels, what counts as an administrative village, the changes between two snapshots and a
-- loan's due date.

-- definition: group_number
-- name_zh: 村民组序号
-- name_en: A villager group's number
-- rule_zh: 村民组名称中的中文数字换成序号排序：“三组”→3，“十一组”→11，“二十组”→20；不是数字命名的组没有序号，排在最后。
-- rule_en: A villager group is ordered by the Chinese numeral in its name: 三组 → 3, 十一组 → 11, 二十组 → 20; a group not named by a number has none and comes last.
-- source: ours (村民组 are named 一组, 二组 … in the register)
create or replace macro group_number(group_name) as try_cast(
    replace(
        regexp_replace(
            regexp_replace(
                translate(
                    regexp_replace(trim(group_name), '组$', ''),
                    '一二三四五六七八九',
                    '123456789'
                ),
                '^十',
                '1十'
            ),
            '十$',
            '十0'
        ),
        '十',
        ''
    ) as integer
);

-- definition: program_order
-- name_zh: 帮扶项目顺序
-- name_en: The order of the benefit programs
-- rule_zh: 帮扶项目按数据契约中的顺序列出：教育补助、雨露计划、外出务工交通补助、危房改造、特色种植、特色养殖、光伏收益、户贷企用分红、公益性岗位、健康扶贫；契约之外的项目排在最后。
-- rule_en: Programs are listed in the data contract's order: education aid, Rainbow Plan, transport subsidy, housing renovation, industry planting, industry breeding, solar income, loan dividend, public-welfare job, health aid; a program outside the contract comes last.
-- source: ours (data contract, payments.program)
create or replace macro program_order(program) as array_position(
    [
        'education_aid', 'rainbow_plan', 'transport_subsidy', 'housing_renovation',
        'industry_planting', 'industry_breeding', 'pv_income', 'loan_dividend',
        'public_welfare_job', 'health_aid'
    ],
    program
);

-- definition: administrative_village
-- name_zh: 行政村
-- name_en: An administrative village
-- rule_zh: 村居类型为“行政村”或“水上村”；航运公司、渔场、社区不是行政村。
-- rule_en: A unit of kind village or water_village; a shipping company, a fishery or a community is not.
-- source: report (F10: 辖9个行政村（其中水上村2个）、1个航运公司、1个渔场)
create or replace macro is_administrative_village(kind) as kind in ('village', 'water_village');

-- definition: helper_level_order
-- name_zh: 帮扶人级别顺序
-- name_en: The order of helper levels
-- rule_zh: 帮扶人按级别列出：市级、镇级、村级；其他级别排在最后。
-- rule_en: Helpers are listed by level: city, town, village; any other level comes last.
-- source: report (F12–F13: 市镇帮扶责任人, then 村级联系人)
create or replace macro helper_level_order(level) as coalesce(
    array_position(['city', 'town', 'village'], level), 4
);

-- definition: register_flows
-- name_zh: 两期之间的变动
-- name_en: Changes between two snapshots
-- rule_zh: 比较同一户在前后两期的户状态：新识别＝后期在册而前期不在册；新脱贫＝后期已脱贫而前期不是（或前期不在）；新返贫＝后期返贫而前期不是；清退/减少＝前期在册而后期不在册（清退或已不在快照中）。不在某期快照中的户，其该期户状态为空。
-- rule_en: The same household's status on an earlier and a later snapshot: new = registered later, not earlier; exit = exited later, not earlier (or absent); relapse = relapsed later, not earlier; removal = registered earlier, not later (removed or gone). A household absent from a snapshot has a NULL status there.
-- source: ours, after the 建档立卡 动态管理 (新识别, 脱贫, 返贫, 清退/自然减少)
create or replace macro became_registered(status_before, status_after) as
    coalesce(is_registered(status_after), false)
    and not coalesce(is_registered(status_before), false);
create or replace macro became_exited(status_before, status_after) as
    coalesce(is_exited(status_after), false) and not coalesce(is_exited(status_before), false);
create or replace macro became_relapsed(status_before, status_after) as
    coalesce(is_relapsed(status_after), false) and not coalesce(is_relapsed(status_before), false);
create or replace macro left_register(status_before, status_after) as
    coalesce(is_registered(status_before), false)
    and not coalesce(is_registered(status_after), false);

-- definition: loan_due_date
-- name_zh: 贷款到期日
-- name_en: A loan's due date
-- rule_zh: 放款日加贷款期限（月）。
-- rule_en: The issue date plus the term in months.
-- source: ours (扶贫小额信贷 terms are in whole months)
create or replace macro loan_due_date(issued_date, term_months) as
    cast(issued_date + to_months(term_months) as date);

-- definition: chosen_village
-- name_zh: 所选村（或全部）
-- name_en: The village chosen, or all
-- rule_zh: 评估与报告按所选范围统计：未选村时为读者可看的全部村，选了村时只算该村。
-- rule_en: The evaluation and its deck count what was chosen: every village the reader may see when no village is chosen, only that village when one is.
-- source: ours (the evaluation's village choice)
create or replace macro in_chosen_village(village_code, chosen) as
    chosen::varchar is null or village_code = chosen::varchar;
