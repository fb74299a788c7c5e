"""Which spreadsheet header means which field: the synonym table and the TOML mapping override.

Each kind of file (roster, payments, …) has its fields. A field has the headers people write
for it (the first is the one our templates use), how its values are read, and whether the
file must have it. Headers are compared after normalising: full-width to half-width, spaces,
line breaks and `*` removed, and a unit in brackets dropped (`金额（元）` is `金额`).

A mapping file overrides the table for a locally customised export::

    [kinds]                      # file name → kind, when the headers do not tell
    "2018年台账.xlsx" = "payments"

    [columns]                    # header → field, for every kind
    "户码" = "household_id"

    [columns.roster]             # header → field, for one kind; "" ignores the column
    "家庭人口" = "size"
    "备注一" = ""
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from dashboard.errors import TuopinError
from dashboard.importer.values import BadValue, parser_for
from dashboard.masking import mask


class MappingFileError(TuopinError):
    """The TOML mapping file cannot be read or names an unknown kind or field."""


@dataclass(frozen=True)
class Field:
    """One field of a kind of file: its headers, how its values are read, what it is."""

    name: str
    headers: tuple[str, ...]
    parse: str  # text, identifier, id_number, year, date, amount, integer, boolean, code:<t>.<c>
    zh: str
    en: str
    kept: bool = True  # False: recognised (so not reported as unknown) but not stored


def _f(name, headers, parse, zh, en, kept=True) -> Field:
    return Field(name, tuple(headers.split("|")), parse, zh, en, kept)


KINDS = (
    "roster",
    "households",
    "villages",
    "helpers",
    "payments",
    "loans",
    "visits",
    "trainings",
    "targets",
    "projects",
    "department",
)
KIND_LABELS = {
    "roster": ("贫困人口信息表", "person roster"),
    "households": ("贫困户信息表", "household form"),
    "villages": ("村情表", "villages"),
    "helpers": ("帮扶责任人表", "helpers"),
    "payments": ("资金发放台账", "payments"),
    "loans": ("小额信贷台账", "loans"),
    "visits": ("帮扶记录", "visits"),
    "trainings": ("培训台账", "trainings"),
    "targets": ("脱贫计划", "exit targets"),
    "projects": ("村级项目台账", "village projects"),
    "department": ("部门比对名单", "department list"),
}

_ID = "证件号码|身份证号码|身份证号|公民身份号码|身份证件号码|户主证件号码|户主身份证号码"
_HOUSEHOLD = "户编号|户码|贫困户编号|家庭编号"
_PERSON = "人编号|人员编号|成员编号|个人编号"
_VILLAGE_NAME = "行政村|村|村名称|村名|所在村|村(居)|行政村(社区)|村(居)名称"
_VILLAGE_CODE = "村代码|区划代码|行政区划代码|统计用区划代码|村级区划代码|村编码"
_SEQ = "序号|编号序列"
_PROVINCE = "省|省(区、市)|省(自治区、直辖市)|省份|所在省"
_PREFECTURE = "市|市(州)|市(地、州、盟)|地市|市(地)|所在市|地(市、州、盟)"
_COUNTY = "县|县(市、区)|县(市,区)|县市区|所在县|县(市)|县(市、区、旗)|县(区)|区县"
_COUNTY_CODE = "县代码|县(市、区)代码|县级区划代码|县区划代码"
_TOWN = "乡(镇)|乡镇|乡(镇、街道)|镇|所在乡镇|乡(镇)名称|乡镇(街道)|镇(乡)"
_TOWN_CODE = "乡镇代码|乡(镇)代码|镇代码|乡级区划代码|乡镇区划代码"
# Columns of the national system's person export that the contract has no place for: known, so
# they are neither reported as unknown nor mistaken for another column, and not stored.
_EXPORT_EXTRAS = (
    ("other_causes", "其他致贫原因|次要致贫原因"),
    ("identification_standard", "识别标准"),
    ("serious_illness_insurance", "是否参加大病保险|参加大病保险|大病保险"),
    ("pension_insurance", "是否参加城乡居民基本养老保险|参加城乡居民基本养老保险|养老保险"),
    ("soldier", "是否现役军人|现役军人"),
    ("dibao_person", "是否享受低保|低保人口|享受低保"),
    ("bank", "开户银行|开户行"),
    ("bank_account", "银行账号|银行卡号|账号"),
    ("poor_village_flag", "是否贫困村|贫困村"),
    ("head_name", "户主姓名"),
    ("income_total", "家庭纯收入|家庭年纯收入|家庭总收入|年收入"),
)

# One line a field: _f(name, headers, how its values are read, Chinese label, English label[,
# kept]). Kept as a table, one row a field, so a field reads whole and the kinds read alike.
FIELDS: dict[str, tuple[Field, ...]] = {
    "roster": (
        _f("province_name", _PROVINCE, "text", "省", "province"),
        _f("prefecture_name", _PREFECTURE, "text", "市（州）", "prefecture"),
        _f("county_name", _COUNTY, "text", "县", "county"),
        _f("county_code", _COUNTY_CODE, "identifier", "县代码（6位）", "county code (6 digits)"),
        _f("town_name", _TOWN, "text", "乡（镇）", "township"),
        _f("town_code", _TOWN_CODE, "identifier", "乡镇代码（9位）", "township code (9 digits)"),
        _f("village_name", _VILLAGE_NAME, "text", "行政村名称", "village name"),
        _f("village_code", _VILLAGE_CODE, "identifier", "村的12位区划代码", "12-digit village code"),
        _f("group_name", "村民组|组|自然村(组)|村民小组|自然村/村民组|自然村(村民组)", "text", "自然村/村民组", "village group"),
        _f("household_id", _HOUSEHOLD, "identifier", "户编号", "household number"),
        _f("person_id", _PERSON, "identifier", "人编号", "person number"),
        _f("name", "姓名|成员姓名|人员姓名", "text", "姓名", "name"),
        _f("id_number", _ID, "id_number", "证件号码（18位身份证号）", "ID number (18 characters)"),
        _f("size", "人数|家庭人口数|户人数|家庭人数|家庭人口|人口数|家庭成员数", "integer", "家庭人数", "household size"),
        _f("relation", "与户主关系|与户主的关系|关系", "code:members.relation", "与户主关系", "relation to the head"),
        _f("sex", "性别", "code:members.sex", "性别", "sex"),
        _f("birth_date", "出生日期|出生年月|出生年月日", "date", "出生日期", "birth date"),
        _f("education", "文化程度|学历", "code:members.education", "文化程度", "education"),
        _f("school_stage", "在校生状况|在校生情况|在校情况|在校学生|在校学生状况|是否在校生", "code:members.school_stage", "在校生状况", "school stage"),
        _f("health", "健康状况", "code:members.health", "健康状况", "health"),
        _f("labor", "劳动技能|劳动能力", "code:members.labor", "劳动技能", "ability to work"),
        _f("migrant_work", "务工状况|务工情况|外出务工状况|外出务工情况|务工地点", "code:members.migrant_work", "务工状况", "migrant work"),
        _f("migrant_months", "务工时间(月)|务工时间|外出务工时间(月)|外出务工时间|务工月数", "integer", "务工时间（月）", "months of migrant work"),
        _f("medical_insurance", "参加城乡居民基本医疗保险|城乡居民基本医疗保险|是否参加城乡居民基本医疗保险|参加新型农村合作医疗|是否参加新农合|新农合", "boolean", "参加城乡居民基本医疗保险（是/否）", "in the basic medical insurance (是/否)"),
        _f("attribute", "贫困户属性|贫困属性", "code:households.attribute", "贫困户属性", "household attribute"),
        _f("main_cause", "主要致贫原因|致贫原因", "code:households.main_cause", "主要致贫原因", "main cause of poverty"),
        _f("identified_year", "识别年度|识别时间|纳入年度|识别年份", "year", "识别年度", "year identified"),
        _f("exit_year", "脱贫年度|脱贫时间|脱贫年份", "year", "脱贫年度", "exit year"),
        _f("planned_exit_year", "计划脱贫年度|预计脱贫年度|计划脱贫年份", "year", "计划脱贫年度", "planned exit year"),
        _f("status", "贫困户状态|脱贫属性|脱贫状态|户状态", "code:households.status", "贫困户状态", "household status"),
        _f("income_per_capita", "人均纯收入|家庭人均纯收入|人均可支配收入|年人均纯收入|家庭年人均纯收入|人均收入", "amount", "人均纯收入（元）", "income per person (yuan)"),
        _f("income_year", "收入年度|收入年份", "year", "收入年度", "income year"),
        _f("housing_safe", "住房安全|住房是否安全|住房安全有保障|是否住房安全", "boolean", "住房安全（是/否）", "housing safe (是/否)"),
        _f("housing_unsafe", "危房户|是否危房户|危房", "boolean", "危房户（是/否）", "dilapidated house (是/否)"),
        _f("drinking_water_safe", "饮水安全|饮水是否安全|是否饮水安全|饮水安全有保障|安全饮用水|饮用水安全", "boolean", "饮水安全（是/否）", "drinking water safe (是/否)"),
        _f("family_doctor_signed", "家庭医生签约|是否签约家庭医生|家庭签约医生|签约家庭医生", "boolean", "家庭医生签约（是/否）", "family doctor signed (是/否)"),
        _f("helper_id", "帮扶责任人编号", "identifier", "帮扶责任人编号", "helper number"),
        _f("village_contact_id", "村级联系人编号", "identifier", "村级联系人编号", "village contact number"),
        _f("phone", "联系电话|电话|手机号码|联系方式|户主联系电话|户联系电话|家庭联系电话", "text", "联系电话", "phone"),
        # v1.2: what the monitoring system's lists carry
        _f("natural_village", "自然村|自然村名", "text", "自然村", "natural village"),
        _f("ethnicity", "民族", "text", "民族", "ethnicity"),
        _f("member_phone", "人联系电话|成员联系电话|个人联系电话|本人联系电话|本人电话", "text", "人联系电话", "person's phone"),
        _f("household_type", "户类型|农户类型", "text", "户类型（脱贫户/一般农户）", "household type"),
        _f("exited_flag", "脱贫标志|脱贫标识", "boolean", "脱贫标志（是/否）", "exited flag (是/否)"),
        _f("monitoring_type", "易返贫致贫户(监测对象)类型|监测对象类型|监测类型|易返贫致贫户类型", "text", "监测对象类型", "monitoring object type"),
        _f("risk_types", "风险类型|返贫致贫风险|致贫返贫风险", "text", "风险类型", "risk types"),
        _f("risk_eliminated", "风险是否消除|风险消除", "boolean", "风险是否消除", "risk eliminated"),
        _f("risk_identified_date", "风险识别时间|纳入监测时间|识别为监测对象时间|监测识别时间", "date", "风险识别时间", "date the risk was identified"),
        _f("risk_eliminated_date", "风险消除时间|退出监测时间|风险消除日期", "date", "风险消除时间", "date the risk was eliminated"),
        _f("measures", "帮扶措施|落实帮扶措施", "text", "帮扶措施", "assistance measures"),
        _f("data_date", "数据日期|数据时间|统计日期|数据截止日期", "date", "数据日期", "data date"),
        _f("sequence", _SEQ, "text", "序号", "row number", False),
        *(
            _f(name, headers, "text", headers.split("|")[0], name, False)
            for name, headers in _EXPORT_EXTRAS
        ),
    ),
    "villages": (
        _f("village_code", _VILLAGE_CODE, "identifier", "12位统计用区划代码", "12-digit statistical area code"),
        _f("village_name", _VILLAGE_NAME, "text", "村名称", "village name"),
        _f("town_code", _TOWN_CODE, "identifier", "乡镇代码（9位）", "township code (9 digits)"),
        _f("town_name", _TOWN, "text", "乡（镇）", "township"),
        _f("county_code", _COUNTY_CODE, "identifier", "县代码（6位）", "county code (6 digits)"),
        _f("county_name", _COUNTY, "text", "县", "county"),
        _f("prefecture_name", _PREFECTURE, "text", "市（州）", "prefecture"),
        _f("province_name", _PROVINCE, "text", "省", "province"),
        _f("kind", "类型|村类型|单位类型", "code:villages.kind", "类型（行政村/水上村/社区/航运公司/渔场）", "kind"),
        _f("groups_count", "村民组数|组数|村民小组数|自然村数", "integer", "村民组数", "number of village groups"),
        _f("population", "人口|总人口|户籍人口|人口数|户籍人口数", "integer", "户籍人口", "registered residents"),
        _f("is_poor_village", "贫困村|是否贫困村", "boolean", "贫困村（是/否）", "poor village (是/否)"),
        _f("poor_village_exit_year", "出列年度|出列年份|贫困村出列年度|出列时间", "year", "出列年度", "year the village exited"),
        _f("sequence", _SEQ, "text", "序号", "row number", False),
    ),
    "helpers": (
        _f("helper_id", "帮扶人编号|帮扶责任人编号|联系人编号|编号", "identifier", "帮扶人编号", "helper number"),
        _f("name", "帮扶责任人|帮扶人|帮扶人姓名|帮扶责任人姓名|村级联系人|姓名", "text", "帮扶人姓名", "helper's name"),
        _f("unit", "单位|工作单位|帮扶单位|所在单位", "text", "工作单位", "work unit"),
        _f("position", "职务|职位", "text", "职务", "position", False),
        _f("level", "帮扶级别|级别|层级|帮扶人类别|类别", "code:helpers.level", "帮扶级别（市级/镇级/村级）", "level (市级/镇级/村级)"),
        _f("households", "帮扶户编号|帮扶户|结对帮扶户编号|联系户编号|帮扶对象户编号", "text", "帮扶户编号（多个用、分隔）", "households helped (separated by 、)"),
        _f("phone", "联系电话|电话|手机号码", "text", "联系电话", "phone", False),
        _f("sequence", _SEQ, "text", "序号", "row number", False),
    ),
    "payments": (
        _f("payment_id", "发放编号|记录编号|流水号|编号", "identifier", "发放编号", "payment number"),
        _f("household_id", _HOUSEHOLD, "identifier", "户编号", "household number"),
        _f("person_id", _PERSON, "identifier", "人编号", "person number"),
        _f("id_number", _ID, "id_number", "证件号码", "ID number"),
        _f("name", "姓名|户主姓名|享受人姓名", "text", "姓名", "name", False),
        _f("village_name", _VILLAGE_NAME, "text", "行政村", "village", False),
        _f("program", "项目类别|补助类别|补助项目|扶持类别|资金类别", "code:payments.program", "项目类别", "programme"),
        _f("item", "项目名称|扶持项目|品种|具体项目", "text", "项目名称", "item"),
        _f("amount", "金额|发放金额|补助金额|补助资金|资金|兑现金额", "amount", "金额（元）", "amount (yuan)"),
        _f("paid_date", "发放日期|发放时间|兑现日期|兑现时间", "date", "发放日期", "date paid"),
        _f("batch", "批次|申报批次", "text", "批次", "batch"),
        _f("sequence", _SEQ, "text", "序号", "row number", False),
    ),
    "loans": (
        _f("loan_id", "贷款编号|借据号|借据编号|编号", "identifier", "贷款编号", "loan number"),
        _f("household_id", _HOUSEHOLD, "identifier", "户编号", "household number"),
        _f("id_number", _ID, "id_number", "证件号码", "ID number"),
        _f("name", "姓名|借款人|户主姓名|借款人姓名", "text", "借款人", "borrower", False),
        _f("mode", "贷款方式|使用方式|贷款类型|贷款模式", "code:loans.mode", "贷款方式（户贷企用/自贷自用）", "mode"),
        _f("amount", "贷款金额|金额|放款金额", "amount", "贷款金额（元）", "amount (yuan)"),
        _f("issued_date", "放款日期|贷款日期|发放日期|放款时间", "date", "放款日期", "date issued"),
        _f("term_months", "期限(月)|贷款期限|期限|贷款期限(月)", "integer", "期限（月）", "term (months)"),
        _f("enterprise", "带贷企业|使用企业|合作企业|企业名称|用款企业", "text", "使用企业", "enterprise"),
        _f("sequence", _SEQ, "text", "序号", "row number", False),
    ),
    "visits": (
        _f("visit_id", "记录编号|帮扶记录编号|编号", "identifier", "记录编号", "record number"),
        _f("helper_id", "帮扶人编号|帮扶责任人编号", "identifier", "帮扶人编号", "helper number"),
        _f("helper_name", "帮扶责任人|帮扶人|帮扶人姓名", "text", "帮扶人", "helper"),
        _f("household_id", _HOUSEHOLD + "|帮扶户编号", "identifier", "户编号", "household number"),
        _f("id_number", _ID, "id_number", "户主证件号码", "head's ID number"),
        _f("visit_date", "帮扶日期|走访日期|日期|帮扶时间|走访时间", "date", "帮扶日期", "date"),
        _f("kind", "帮扶方式|帮扶类型|走访类型|帮扶形式", "code:visits.kind", "帮扶方式（走访/政策宣讲/慰问/其他）", "kind"),
        _f("content", "帮扶内容|内容|备注", "text", "帮扶内容", "what was done", False),
        _f("sequence", _SEQ, "text", "序号", "row number", False),
    ),
    "trainings": (
        _f("person_id", _PERSON, "identifier", "人编号", "person number"),
        _f("id_number", _ID, "id_number", "证件号码", "ID number"),
        _f("name", "姓名|学员姓名", "text", "姓名", "name", False),
        _f("course", "培训班|培训类别|培训项目|培训名称|培训类型", "code:trainings.course", "培训类别（市就业培训/镇技能培训）", "course"),
        _f("training_date", "培训日期|培训时间|开班日期", "date", "培训日期", "date"),
        _f("sequence", _SEQ, "text", "序号", "row number", False),
    ),
    "targets": (
        _f("year", "年度|目标年度|计划年度|年份", "year", "年度", "year"),
        _f("village_code", _VILLAGE_CODE, "identifier", "区划代码（全镇留空）", "village code (empty for the town)"),
        _f("village_name", _VILLAGE_NAME + "|范围", "text", "行政村（全镇填“全镇”）", "village (全镇 for the town)"),
        _f("households", "计划脱贫户数|目标户数|脱贫目标户数|预脱贫户数", "integer", "计划脱贫户数", "target households"),
        _f("people", "计划脱贫人数|目标人数|脱贫目标人数|预脱贫人数", "integer", "计划脱贫人数", "target people"),
        _f("sequence", _SEQ, "text", "序号", "row number", False),
    ),
    "projects": (
        _f("project_id", "项目编号|编号", "identifier", "项目编号", "project number"),
        _f("village_code", _VILLAGE_CODE, "identifier", "区划代码", "village code"),
        _f("village_name", _VILLAGE_NAME, "text", "行政村", "village"),
        _f("name", "项目名称", "text", "项目名称", "project name"),
        _f("category", "项目类别|项目类型", "code:village_projects.category", "项目类别（产业/基础设施/其他）", "category"),
        _f("budget", "预算|预算金额|总投资|投资额|项目资金|计划投资", "amount", "预算（元）", "budget (yuan)"),
        _f("status", "项目状态|建设状态|进度|实施状态", "code:village_projects.status", "项目状态（计划/招标中/在建/已完工）", "status"),
        _f("year", "年度|实施年度|项目年度|年份", "year", "年度", "year"),
        _f("sequence", _SEQ, "text", "序号", "row number", False),
    ),
}  # fmt: skip

# A department's list (部门筛查预警, 数据比对: 医保, 民政, 残联, 教育, 应急管理, 公安, 市场监管,
# 车辆, 财政供养 …): one row per record about a person, matched by ID number to the register.
# The department comes from its column, the user's choice or the file's name
# (dashboard/importer/departments.py); the columns a list carries besides (place, totals the
# department paid) are read so they are not reported as unknown, and not stored.
FIELDS["department"] = (
    _f("record_id", "记录编号|业务编号|流水号|业务流水号|结算编号|单据号|编号", "identifier",
       "记录编号（空则由导入生成）", "record number (made by the import when empty)"),
    _f("id_number", _ID + "|身份证|证件号|参保人身份证号|患者身份证号|车主身份证号|"
       "法定代表人身份证号|经营者身份证号码|学生身份证号", "id_number",
       "证件号码（18位身份证号）", "ID number (18 characters)"),
    _f("name", "姓名|人员姓名|参保人姓名|患者姓名|学生姓名|车主姓名|车主|法定代表人|经营者姓名|"
       "经营者|死者姓名", "text", "姓名", "name"),
    _f("department", "部门|数据来源|来源部门|推送部门|数据来源部门|推送单位|来源单位|比对部门|"
       "预警部门|行业部门", "text", "部门（医保/民政/残联/教育/应急管理/公安/市场监管/车辆管理/"
       "财政供养 …）", "department"),
    _f("kind", "记录类型|预警类型|预警事项|事项|业务类型|信息类型|数据类型|预警内容|比对结果|"
       "异常类型|预警信息", "text", "记录类型（住院自付费用、新增残疾、义务教育辍学、死亡注销 …）",
       "what the record says"),
    _f("record_date", "日期|记录日期|发生日期|预警日期|推送日期|结算日期|出院日期|入院日期|"
       "就诊日期|登记日期|注册日期|成立日期|认定日期|发证日期|死亡日期|注销日期|受灾日期|"
       "辍学日期|入职日期|办理日期|变更日期", "date", "日期", "date"),
    _f("amount_yuan", "金额|个人自付|个人自付金额|自付金额|自付费用|个人自付费用|个人负担|"
       "个人负担金额|合规自付|合规自付费用|医疗费用个人自付|住院自付费用|损失金额|经济损失|"
       "救助金额", "amount", "金额（元，如医疗费用个人自付部分）",
       "amount (yuan, e.g. the out-of-pocket part of a medical bill)"),
    _f("detail", "备注|详情|说明|具体情况|情况说明|摘要|车牌号|号牌号码|企业名称|经营主体名称|"
       "主体名称|工作单位|供职单位|残疾类别|残疾等级|学校名称|就读学校|灾害类型|受灾情况|"
       "死亡原因|疾病名称|诊断", "text", "说明（车牌号、企业名称、残疾类别、病种 …）",
       "detail (plate, business, kind of disability, illness …)"),
    _f("total_cost", "医疗总费用|总费用|费用总额|住院总费用", "amount", "总费用", "total cost",
       False),
    _f("fund_paid", "统筹支付|基金支付|报销金额|医保报销|统筹基金支付|医保支付", "amount",
       "统筹支付", "paid by the fund", False),
    _f("household_id", _HOUSEHOLD, "identifier", "户编号", "household number", False),
    _f("province_name", _PROVINCE, "text", "省", "province", False),
    _f("prefecture_name", _PREFECTURE, "text", "市（州）", "prefecture", False),
    _f("county_name", _COUNTY, "text", "县", "county", False),
    _f("town_name", _TOWN, "text", "乡（镇）", "township", False),
    _f("village_name", _VILLAGE_NAME, "text", "行政村", "village", False),
    _f("group_name", "村民组|组|村民小组", "text", "村民组", "village group", False),
    _f("sex", "性别", "text", "性别", "sex", False),
    _f("birth_date", "出生日期|出生年月", "text", "出生日期", "birth date", False),
    _f("phone", "联系电话|电话|手机号码|联系方式", "text", "联系电话", "phone", False),
    _f("sequence", _SEQ, "text", "序号", "row number", False),
)  # fmt: skip

# The household form (贫困户信息表): one row per household, the roster's household columns. When
# an import holds one, the person form needs only the members' columns.
HOUSEHOLD_FIELDS = (
    "province_name", "prefecture_name", "county_name", "county_code", "town_name", "town_code",
    "village_name", "village_code", "group_name", "household_id", "size", "attribute",
    "main_cause", "identified_year", "exit_year", "planned_exit_year", "status",
    "income_per_capita", "income_year", "housing_safe", "housing_unsafe", "drinking_water_safe",
    "family_doctor_signed", "helper_id", "village_contact_id", "phone", "natural_village",
    "household_type", "exited_flag", "monitoring_type", "risk_types", "risk_eliminated",
    "risk_identified_date", "risk_eliminated_date", "measures", "data_date",
)  # fmt: skip
FIELDS["households"] = (
    *(spec for spec in FIELDS["roster"] if spec.name in HOUSEHOLD_FIELDS),
    _f("head_name", "户主姓名|户主", "text", "户主姓名", "head's name", False),
    _f("head_id_number", "户主证件号码|户主身份证号码|证件号码|身份证号码", "text", "户主证件号码", "head's ID number", False),
    _f("sequence", _SEQ, "text", "序号", "row number", False),
    *(
        _f(name, headers, "text", headers.split("|")[0], name, False)
        for name, headers in _EXPORT_EXTRAS
        if name != "head_name"
    ),
)  # fmt: skip

# Each tuple is a requirement: the file must have at least one of its fields (or it is derived).
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    # Contract v1.2: what identifies and places a household or person, and what the contract
    # holds NOT NULL with no way to derive it. A source-optional column (SOURCE_OPTIONAL) a
    # layout does not carry is written NULL and listed in the manifest's not_in_source.
    "roster": (
        ("household_id",),
        ("village_name", "village_code"),
        ("name",),
        ("id_number",),
        ("relation",),
        ("school_stage",),
        ("health",),
        ("labor",),
        ("identified_year",),
        ("status", "household_type", "exited_flag"),
        ("income_per_capita",),
    ),
    "households": (("household_id",),),  # and the roster's household columns it stands for
    "villages": (
        ("village_code",),
        ("village_name",),
        ("groups_count",),
        ("population",),
        ("is_poor_village",),
    ),
    "helpers": (("name",), ("unit",)),
    "payments": (("household_id", "id_number"), ("program",), ("amount",), ("paid_date",)),
    "loans": (
        ("household_id", "id_number"),
        ("mode",),
        ("amount",),
        ("issued_date",),
        ("term_months",),
    ),
    "visits": (
        ("helper_id", "helper_name"),
        ("household_id", "id_number"),
        ("visit_date",),
        ("kind",),
    ),
    "trainings": (("person_id", "id_number"), ("course",), ("training_date",)),
    "targets": (("year",), ("households", "people")),
    "projects": (
        ("village_name", "village_code"),
        ("name",),
        ("category",),
        ("budget",),
        ("status",),
        ("year",),
    ),
    "department": (("id_number",), ("record_date",)),
}

# What makes a file this kind: every tuple must be matched by at least one of its fields.
SIGNATURES: dict[str, tuple[tuple[str, ...], ...]] = {
    "roster": (("household_id",), ("relation",), ("person_id", "id_number", "name")),
    "households": (
        ("household_id",),
        ("attribute", "main_cause", "status", "household_type", "exited_flag"),
    ),
    "villages": (
        ("village_name", "village_code"),
        ("groups_count", "population", "is_poor_village"),
    ),
    "helpers": (("name",), ("unit",), ("level", "households", "helper_id")),
    "payments": (("program",), ("amount",), ("paid_date",)),
    "loans": (("amount",), ("issued_date",), ("mode", "term_months")),
    "visits": (("visit_date",), ("helper_id", "helper_name"), ("household_id", "id_number")),
    "trainings": (("course",), ("training_date",)),
    "targets": (("year",), ("households", "people")),
    "projects": (("name",), ("budget",)),
    # A list whose headers name no department nor what it records is one only when the user
    # names its department, or its file name does (dashboard.importer.kinds.recognise).
    "department": (("id_number",), ("department", "kind")),
}

# Field (or fields) → the contract column it fills, for the columns a layout may lack (contract
# v1.2 "not in the source"): NULL and listed in the manifest when no file of the import has it.
SOURCE_OPTIONAL: dict[tuple[str, ...], tuple[str, str]] = {
    ("group_name", "natural_village"): ("households", "group_name"),
    ("attribute",): ("households", "attribute"),
    ("main_cause",): ("households", "main_cause"),
    ("housing_safe", "housing_unsafe"): ("households", "housing_safe"),
    ("drinking_water_safe",): ("households", "drinking_water_safe"),
    ("family_doctor_signed",): ("households", "family_doctor_signed"),
    ("education",): ("members", "education"),
    ("migrant_work",): ("members", "migrant_work"),
    ("migrant_months",): ("members", "migrant_months"),
    ("medical_insurance",): ("members", "medical_insurance"),
}

REQUIRED["households"] += tuple(
    group for group in REQUIRED["roster"] if all(name in HOUSEHOLD_FIELDS for name in group)
    and group != ("household_id",)
)  # fmt: skip

IGNORE = ""  # a mapping file maps a header to "" to drop the column


_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "(", "】": ")", "〔": "(", "〕": ")",
                          "[": "(", "]": ")", "［": "(", "］": ")", "，": ","})  # fmt: skip


def normalize_header(text: object) -> str:
    """The form headers are compared in: half-width, no spaces, no `*`, lower case.

    >>> normalize_header(" 务工时间（月）\\n")
    '务工时间(月)'
    """
    if text is None:
        return ""
    value = unicodedata.normalize("NFKC", str(text))
    value = re.sub(r"[\s*※]+", "", value)
    return value.translate(_BRACKETS).lower()


_QUALIFIERS = re.compile(r"是否|有无")  # 是否危房户 says what 危房户 says
_TAIL_WORDS = re.compile(r"(情况|状况|名称)$")  # 健康状况 is 健康, 村名称 is 村
_TRAILING_NUMBER = re.compile(r"(?<=\D)\d{1,2}$")  # 致贫原因1, 致贫原因2


def header_core(text: object) -> str:
    """The words of a header that carry its meaning: normalised (`normalize_header`), then
    without brackets and what they hold (units, qualifiers), a trailing 1/2, 是否 and a trailing
    情况/状况/名称. Never empty unless the header is.

    >>> header_core("是否解决安全饮用水（是/否）")
    '解决安全饮用水'
    >>> header_core("致贫原因1"), header_core("务工时间（月）"), header_core("健康状况")
    ('致贫原因', '务工时间', '健康')
    """
    key = normalize_header(text)
    # words that say the same: 村民组个数 is 村民组数, 识别日期 is 识别时间, 识别年份 is 识别年度
    for word, same in (("个数", "数"), ("日期", "时间"), ("年份", "年度")):
        key = key.replace(word, same)
    core = key
    for pattern in (r"\([^()]*\)", _TRAILING_NUMBER, _QUALIFIERS, _TAIL_WORDS):
        shorter = re.sub(pattern, "", core)
        if shorter:
            core = shorter
    return core


# How sure a match is. A header equal to a field's term (as written, or their cores) is sure;
# one that contains a term scores by how much of the header the term covers, and the values
# then decide: a guess the values do not bear out is left for the user to confirm.
EXACT = 1.0
SAME_CORE = 0.95
CONTAINS_BASE = 0.5  # + CONTAINS_SPAN × the share of the header's core the term covers
CONTAINS_SPAN = 0.4
SURE = 0.7  # at or above: taken without asking (when the values agree)
VALUES_ONLY = 0.6  # a column named by its values alone: always confirmed by the user
VALUE_SAMPLE = 60  # values looked at per column
VALUES_AGREE = 0.8  # share of a sample that must read as the field's type
MIN_TERM_CHARS = 2  # a one-character term (村, 组, 县) is matched only whole


@dataclass(frozen=True)
class _Term:
    field: str
    key: str  # normalize_header of the term
    core: str  # header_core of the term


@cache
def _terms(kind: str) -> tuple[_Term, ...]:
    return tuple(
        _Term(spec.name, normalize_header(term), header_core(term))
        for spec in FIELDS[kind]
        for term in spec.headers
    )


@cache
def header_candidates(kind: str, text: str) -> tuple[tuple[str, float], ...]:
    """(field, score) for every field of `kind` whose terms this header says, best first.

    >>> header_candidates("roster", "首次识别时间")[0][0]
    'identified_year'
    """
    key, core = normalize_header(text), header_core(text)
    if not key:
        return ()
    best: dict[str, float] = {}
    for term in _terms(kind):
        if key == term.key:
            found = EXACT
        elif core == term.core:
            found = SAME_CORE
        elif len(term.core) >= MIN_TERM_CHARS and term.core in core:
            found = CONTAINS_BASE + CONTAINS_SPAN * len(term.core) / len(core)
        else:
            continue
        if found > best.get(term.field, 0.0):
            best[term.field] = found
    order = {spec.name: position for position, spec in enumerate(FIELDS[kind])}
    return tuple(sorted(best.items(), key=lambda item: (-item[1], order[item[0]])))


@cache
def is_known_header(text: object, strict: bool = False) -> bool:
    """Whether some kind of file has a column whose terms this header says (to find the header
    row among title rows and data). `strict`: says a term whole, not only contains one (a data
    cell such as 缺资金 contains the term 资金; a header joined with the cell under it, 村民小组二组,
    contains 村民小组)."""
    key = normalize_header(text)
    if not key or _TITLE.search(key):
        return False
    floor = SAME_CORE if strict else SURE
    return any(score >= floor for kind in KINDS for _, score in header_candidates(kind, key)[:1])


_TITLE = re.compile(r"(表|名单|台账|清单|花名册)$")  # 帮扶责任人表 is a title above the header


def field_spec(kind: str, name: str) -> Field:
    for spec in FIELDS[kind]:
        if spec.name == name:
            return spec
    raise KeyError(f"{kind} has no field {name!r}")


@dataclass
class Mapping:
    """A mapping file's content: kinds by file name, and header → field overrides."""

    kinds: dict[str, str] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)  # for every kind
    columns_by_kind: dict[str, dict[str, str]] = field(default_factory=dict)
    path: str | None = None

    def override(self, kind: str, header: str) -> str | None:
        """The field a header is mapped to by this file (IGNORE to drop it), or None."""
        key = normalize_header(header)
        for table in (self.columns_by_kind.get(kind, {}), self.columns):
            if key in table:
                return table[key]
        return None


def load_mapping(path: Path | None) -> Mapping:
    """Read a TOML mapping file, checking every kind and field it names."""
    if path is None:
        return Mapping()
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            raw = tomllib.load(handle)
    except FileNotFoundError:
        raise MappingFileError(
            f"找不到映射文件 {path}。", f"The mapping file {path} does not exist."
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise MappingFileError(
            f"映射文件 {path.name} 不是有效的 TOML：{error}。请对照 docs/import/README.md 中的示例修改。",
            f"The mapping file {path.name} is not valid TOML: {error}. "
            "See the example in docs/import/README.md.",
        ) from None
    mapping = Mapping(path=str(path))
    for file_name, kind in raw.get("kinds", {}).items():
        _check_kind(kind, path)
        mapping.kinds[normalize_header(Path(file_name).name)] = kind
    for header, target in raw.get("columns", {}).items():
        if isinstance(target, dict):
            _check_kind(header, path)
            table = {}
            for sub_header, name in target.items():
                _check_field(header, name, path)
                table[normalize_header(sub_header)] = name
            mapping.columns_by_kind[header] = table
        else:
            if target != IGNORE and not any(
                target in {spec.name for spec in fields} for fields in FIELDS.values()
            ):
                _unknown_field(target, path)
            mapping.columns[normalize_header(header)] = target
    return mapping


def _check_kind(kind: object, path: Path) -> None:
    if kind not in FIELDS:
        raise MappingFileError(
            f"映射文件 {path.name} 中的文件类型 {kind!r} 不存在；可用：{', '.join(KINDS)}。",
            f"The mapping file {path.name} names an unknown kind {kind!r}; kinds: {', '.join(KINDS)}.",
        )


def _check_field(kind: str, name: object, path: Path) -> None:
    if name != IGNORE and name not in {spec.name for spec in FIELDS[kind]}:
        _unknown_field(name, path, kind)


def _unknown_field(name: object, path: Path, kind: str | None = None) -> None:
    fields = sorted(
        {spec.name for k, specs in FIELDS.items() if kind in (None, k) for spec in specs}
    )
    raise MappingFileError(
        f"映射文件 {path.name} 中的字段 {name!r} 不存在；可用字段：{', '.join(fields)}。",
        f"The mapping file {path.name} names an unknown field {name!r}; fields: {', '.join(fields)}.",
    )


@dataclass(frozen=True)
class ColumnMatch:
    """One column of a file: its header as written, the field it was taken for, how sure."""

    index: int
    header: str
    field: str | None  # None: not recognised
    how: str  # "synonym", "terms", "values", "mapping", "ignored", "unmatched", "duplicate"
    confidence: float = 1.0  # 0..1; below SURE the user confirms (or --accept-guesses)
    samples: tuple[str, ...] = ()  # a few of its values, for the user to judge

    @property
    def unsure(self) -> bool:
        return self.field is not None and self.how in ("terms", "values") and self.confidence < SURE


def value_agreement(parse: str, values: list[object]) -> float | None:
    """The share of `values` (non-empty) that read as `parse` says; None without values.

    >>> value_agreement("boolean", ["是", "否", "是"])
    1.0
    """
    if not values or parse in ("text", "identifier"):
        return None
    read = parser_for(parse)
    good = 0
    for value in values:
        try:
            read(value)
            good += 1
        except (BadValue, ValueError, TypeError):
            pass
    return good / len(values)


_ID_SHAPE = re.compile(r"^\d{17}[\dXx]$")


def guess_from_values(kind: str, values: list[object], taken: set[str]) -> str | None:
    """A field for a column whose header says nothing we know, from its values alone: 18-character
    ID numbers, or the codes of one coded field (因病/因残 → main_cause). None when unclear."""
    texts = [str(value).strip() for value in values if value is not None and str(value).strip()]
    if len(texts) < 3:
        return None
    names = {spec.name for spec in FIELDS[kind]}
    id_shaped = sum(1 for text in texts if _ID_SHAPE.match(text)) / len(texts)
    if "id_number" in names and "id_number" not in taken and id_shaped >= VALUES_AGREE:
        return "id_number"
    fitting = [
        spec.name
        for spec in FIELDS[kind]
        if spec.parse.startswith("code:")
        and spec.kept
        and spec.name not in taken
        and (value_agreement(spec.parse, texts) or 0) >= VALUES_AGREE
    ]
    return fitting[0] if len(fitting) == 1 else None


def _sample(column: list[object] | None) -> list[object]:
    if not column:
        return []
    seen: list[object] = []
    for value in column:
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        seen.append(value)
        if len(seen) >= VALUE_SAMPLE:
            break
    return seen


SAMPLES_SHOWN = 3  # values shown beside a column on /import and in the CLI's guesses
# Fields whose values are personal data, by the masking rule they take.
PERSONAL_AS = {"name": "name", "head_name": "name", "helper_name": "name", "id_number": "id_number",
               "head_id_number": "id_number", "phone": "phone", "member_phone": "phone"}  # fmt: skip
_LOOKS_LIKE_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")


def shown_values(field_name: str | None, values: list[object]) -> tuple[str, ...]:
    """A few of a column's values as the page and the CLI may show them: personal data masked
    (and, in a column not known to be anything, whatever looks like a name)."""
    shown = []
    for value in values[:SAMPLES_SHOWN]:
        text = str(value).strip()
        rule = PERSONAL_AS.get(field_name or "")
        if rule is None and field_name is None and _LOOKS_LIKE_NAME.match(text):
            rule = "name"
        shown.append(mask(rule, text) or "")
    return tuple(shown)


def match_headers(
    kind: str,
    headers: list[str],
    mapping: Mapping,
    columns: list[list[object]] | None = None,
) -> list[ColumnMatch]:
    """Match each header of a file of `kind` to a field; the first column wins a field.

    `columns` (optional, one list of cell values per header) are the evidence: a match by terms
    whose values do not read as the field's type is left unsure, and a column whose header says
    nothing may be named by its values (unsure: the user confirms it).
    """
    taken: set[str] = set()
    matches = []
    for position, header in enumerate(headers):
        if not normalize_header(header):
            continue
        values = _sample(columns[position] if columns and position < len(columns) else None)
        override = mapping.override(kind, header)
        confidence = 1.0
        if override is not None:
            name, how = (None, "ignored") if override == IGNORE else (override, "mapping")
        else:
            candidates = list(header_candidates(kind, header))
            name, how = None, "unmatched"
            if candidates:
                name, confidence = candidates[0]
                if confidence >= SAME_CORE:
                    how = "synonym"
                else:
                    how = "terms"
                    # the values decide between close candidates, and whether a guess holds
                    scored = []
                    for field_name, score_found in candidates:
                        agreement = value_agreement(field_spec(kind, field_name).parse, values)
                        adjusted = score_found
                        if agreement is not None:
                            adjusted = score_found + 0.2 * (agreement - VALUES_AGREE)
                        scored.append((adjusted, field_name))
                    confidence, name = max(scored, key=lambda item: item[0])
                    confidence = min(confidence, SAME_CORE - 0.01)
            elif values:
                guessed = guess_from_values(kind, values, taken)
                if guessed:
                    name, how, confidence = guessed, "values", VALUES_ONLY
        shown = shown_values(name, values)
        if name is not None and name in taken:
            matches.append(ColumnMatch(position, header, None, "duplicate", confidence, shown))
            continue
        if name is not None:
            taken.add(name)
        matches.append(ColumnMatch(position, header, name, how, confidence, shown))
    return matches


def score(kind: str, headers: list[str], mapping: Mapping) -> tuple[bool, int]:
    """(whether the headers carry the kind's signature, how many of its fields they match)."""
    matched = {
        m.field
        for m in match_headers(kind, headers, mapping)
        if m.field and (m.how != "terms" or m.confidence >= SURE)
    }
    signed = all(any(name in matched for name in group) for group in SIGNATURES[kind])
    return signed, len(matched)


def layout_id(headers: list[str]) -> str:
    """A layout's identity: its headers, normalised, in order (the same export layout of another
    month or village has the same id, so a mapping confirmed once is used again)."""
    keys = "\x1f".join(normalize_header(header) for header in headers if normalize_header(header))
    return hashlib.sha256(keys.encode("utf-8")).hexdigest()[:16]


def mapping_toml(files: list[tuple[str, str, list[ColumnMatch]]]) -> str:
    """A mapping file (the TOML `tuopin import --mapping` reads) that says, for each file
    (name, kind, its columns), every column's field as matched or confirmed; "" ignores one."""
    lines = [
        "# 列映射 / column mapping: tuopin import --mapping <this file>",
        '# 每一列对应的字段；"" 表示忽略该列 / the field of each column; "" ignores it',
        "",
        "[kinds]",
    ]
    lines += [
        f"{json.dumps(name, ensure_ascii=False)} = {json.dumps(kind)}" for name, kind, _ in files
    ]
    by_kind: dict[str, dict[str, str]] = {}
    for _, kind, matches in files:
        table = by_kind.setdefault(kind, {})
        for match in matches:
            if match.field is not None:
                table.setdefault(match.header, match.field)
            elif match.how in ("ignored", "unmatched"):
                table.setdefault(match.header, IGNORE)
    for kind, table in by_kind.items():
        lines += ["", f"[columns.{kind}]"]
        lines += [
            f"{json.dumps(header, ensure_ascii=False)} = {json.dumps(name)}"
            for header, name in table.items()
        ]
    return "\n".join(lines) + "\n"


def merged(first: Mapping, then: Mapping) -> Mapping:
    """`first`'s word, else `then`'s: an explicit mapping file over a remembered layout."""
    columns_by_kind = {kind: dict(table) for kind, table in then.columns_by_kind.items()}
    for kind, table in first.columns_by_kind.items():
        columns_by_kind.setdefault(kind, {}).update(table)
    return Mapping(
        kinds={**then.kinds, **first.kinds},
        columns={**then.columns, **first.columns},
        columns_by_kind=columns_by_kind,
        path=first.path or then.path,
    )
