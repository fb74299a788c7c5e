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

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.errors import TuopinError


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
    ("ethnicity", "民族"),
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

FIELDS: dict[str, tuple[Field, ...]] = {
    "roster": (
        _f("province_name", _PROVINCE, "text", "省", "province"),
        _f("prefecture_name", _PREFECTURE, "text", "市（州）", "prefecture"),
        _f("county_name", _COUNTY, "text", "县", "county"),
        _f("county_code", _COUNTY_CODE, "identifier", "县代码（6位）", "county code (6 digits)"),
        _f("town_name", _TOWN, "text", "乡（镇）", "township"),
        _f("town_code", _TOWN_CODE, "identifier", "乡镇代码（9位）", "township code (9 digits)"),
        _f("village_name", _VILLAGE_NAME, "text", "行政村名称", "village name"),
        _f(
            "village_code", _VILLAGE_CODE, "identifier", "村的12位区划代码", "12-digit village code"
        ),
        _f(
            "group_name",
            "自然村|村民组|组|自然村(组)|村民小组|自然村/村民组|自然村(村民组)",
            "text",
            "自然村/村民组",
            "village group",
        ),
        _f("household_id", _HOUSEHOLD, "identifier", "户编号", "household number"),
        _f("person_id", _PERSON, "identifier", "人编号", "person number"),
        _f("name", "姓名|成员姓名|人员姓名", "text", "姓名", "name"),
        _f("id_number", _ID, "id_number", "证件号码（18位身份证号）", "ID number (18 characters)"),
        _f(
            "size",
            "人数|家庭人口数|户人数|家庭人数|家庭人口|人口数|家庭成员数",
            "integer",
            "家庭人数",
            "household size",
        ),
        _f(
            "relation",
            "与户主关系|与户主的关系|关系",
            "code:members.relation",
            "与户主关系",
            "relation to the head",
        ),
        _f("sex", "性别", "code:members.sex", "性别", "sex"),
        _f("birth_date", "出生日期|出生年月|出生年月日", "date", "出生日期", "birth date"),
        _f("education", "文化程度|学历", "code:members.education", "文化程度", "education"),
        _f(
            "school_stage",
            "在校生状况|在校生情况|在校情况|在校学生|在校学生状况|是否在校生",
            "code:members.school_stage",
            "在校生状况",
            "school stage",
        ),
        _f("health", "健康状况", "code:members.health", "健康状况", "health"),
        _f("labor", "劳动技能|劳动能力", "code:members.labor", "劳动技能", "ability to work"),
        _f(
            "migrant_work",
            "务工状况|务工情况|外出务工状况|外出务工情况|务工地点",
            "code:members.migrant_work",
            "务工状况",
            "migrant work",
        ),
        _f(
            "migrant_months",
            "务工时间(月)|务工时间|外出务工时间(月)|外出务工时间|务工月数",
            "integer",
            "务工时间（月）",
            "months of migrant work",
        ),
        _f(
            "medical_insurance",
            "参加城乡居民基本医疗保险|城乡居民基本医疗保险|是否参加城乡居民基本医疗保险|参加新型农村合作医疗|是否参加新农合|新农合",
            "boolean",
            "参加城乡居民基本医疗保险（是/否）",
            "in the basic medical insurance (是/否)",
        ),
        _f(
            "attribute",
            "贫困户属性|贫困属性",
            "code:households.attribute",
            "贫困户属性",
            "household attribute",
        ),
        _f(
            "main_cause",
            "主要致贫原因|致贫原因",
            "code:households.main_cause",
            "主要致贫原因",
            "main cause of poverty",
        ),
        _f(
            "identified_year",
            "识别年度|识别时间|纳入年度|识别年份",
            "year",
            "识别年度",
            "year identified",
        ),
        _f("exit_year", "脱贫年度|脱贫时间|脱贫年份", "year", "脱贫年度", "exit year"),
        _f(
            "planned_exit_year",
            "计划脱贫年度|预计脱贫年度|计划脱贫年份",
            "year",
            "计划脱贫年度",
            "planned exit year",
        ),
        _f(
            "status",
            "贫困户状态|脱贫属性|脱贫状态|户状态",
            "code:households.status",
            "贫困户状态",
            "household status",
        ),
        _f(
            "income_per_capita",
            "人均纯收入|家庭人均纯收入|人均可支配收入|年人均纯收入|家庭年人均纯收入|人均收入",
            "amount",
            "人均纯收入（元）",
            "income per person (yuan)",
        ),
        _f("income_year", "收入年度|收入年份", "year", "收入年度", "income year"),
        _f(
            "housing_safe",
            "住房安全|住房是否安全|住房安全有保障|是否住房安全",
            "boolean",
            "住房安全（是/否）",
            "housing safe (是/否)",
        ),
        _f(
            "housing_unsafe",
            "危房户|是否危房户|危房",
            "boolean",
            "危房户（是/否）",
            "dilapidated house (是/否)",
        ),
        _f(
            "drinking_water_safe",
            "饮水安全|饮水是否安全|是否饮水安全|饮水安全有保障",
            "boolean",
            "饮水安全（是/否）",
            "drinking water safe (是/否)",
        ),
        _f(
            "family_doctor_signed",
            "家庭医生签约|是否签约家庭医生|家庭签约医生|签约家庭医生",
            "boolean",
            "家庭医生签约（是/否）",
            "family doctor signed (是/否)",
        ),
        _f("helper_id", "帮扶责任人编号", "identifier", "帮扶责任人编号", "helper number"),
        _f(
            "village_contact_id",
            "村级联系人编号",
            "identifier",
            "村级联系人编号",
            "village contact number",
        ),
        _f("phone", "联系电话|电话|手机号码|联系方式|户主联系电话", "text", "联系电话", "phone"),
        _f("sequence", _SEQ, "text", "序号", "row number", False),
        *(
            _f(name, headers, "text", headers.split("|")[0], name, False)
            for name, headers in _EXPORT_EXTRAS
        ),
    ),
    "villages": (
        _f(
            "village_code",
            _VILLAGE_CODE,
            "identifier",
            "12位统计用区划代码",
            "12-digit statistical area code",
        ),
        _f("village_name", _VILLAGE_NAME, "text", "村名称", "village name"),
        _f("town_code", _TOWN_CODE, "identifier", "乡镇代码（9位）", "township code (9 digits)"),
        _f("town_name", _TOWN, "text", "乡（镇）", "township"),
        _f("county_code", _COUNTY_CODE, "identifier", "县代码（6位）", "county code (6 digits)"),
        _f("county_name", _COUNTY, "text", "县", "county"),
        _f("prefecture_name", _PREFECTURE, "text", "市（州）", "prefecture"),
        _f("province_name", _PROVINCE, "text", "省", "province"),
        _f(
            "kind",
            "类型|村类型|单位类型",
            "code:villages.kind",
            "类型（行政村/水上村/社区/航运公司/渔场）",
            "kind",
        ),
        _f(
            "groups_count",
            "村民组数|组数|村民小组数|自然村数",
            "integer",
            "村民组数",
            "number of village groups",
        ),
        _f(
            "population",
            "人口|总人口|户籍人口|人口数|户籍人口数",
            "integer",
            "户籍人口",
            "registered residents",
        ),
        _f(
            "is_poor_village",
            "贫困村|是否贫困村",
            "boolean",
            "贫困村（是/否）",
            "poor village (是/否)",
        ),
        _f(
            "poor_village_exit_year",
            "出列年度|出列年份|贫困村出列年度|出列时间",
            "year",
            "出列年度",
            "year the village exited",
        ),
        _f("sequence", _SEQ, "text", "序号", "row number", False),
    ),
    "helpers": (
        _f(
            "helper_id",
            "帮扶人编号|帮扶责任人编号|联系人编号|编号",
            "identifier",
            "帮扶人编号",
            "helper number",
        ),
        _f(
            "name",
            "帮扶责任人|帮扶人|帮扶人姓名|帮扶责任人姓名|村级联系人|姓名",
            "text",
            "帮扶人姓名",
            "helper's name",
        ),
        _f("unit", "单位|工作单位|帮扶单位|所在单位", "text", "工作单位", "work unit"),
        _f("position", "职务|职位", "text", "职务", "position", False),
        _f(
            "level",
            "帮扶级别|级别|层级|帮扶人类别|类别",
            "code:helpers.level",
            "帮扶级别（市级/镇级/村级）",
            "level (市级/镇级/村级)",
        ),
        _f(
            "households",
            "帮扶户编号|帮扶户|结对帮扶户编号|联系户编号|帮扶对象户编号",
            "text",
            "帮扶户编号（多个用、分隔）",
            "households helped (separated by 、)",
        ),
        _f("phone", "联系电话|电话|手机号码", "text", "联系电话", "phone", False),
        _f("sequence", _SEQ, "text", "序号", "row number", False),
    ),
    "payments": (
        _f(
            "payment_id",
            "发放编号|记录编号|流水号|编号",
            "identifier",
            "发放编号",
            "payment number",
        ),
        _f("household_id", _HOUSEHOLD, "identifier", "户编号", "household number"),
        _f("person_id", _PERSON, "identifier", "人编号", "person number"),
        _f("id_number", _ID, "id_number", "证件号码", "ID number"),
        _f("name", "姓名|户主姓名|享受人姓名", "text", "姓名", "name", False),
        _f("village_name", _VILLAGE_NAME, "text", "行政村", "village", False),
        _f(
            "program",
            "项目类别|补助类别|补助项目|扶持类别|资金类别",
            "code:payments.program",
            "项目类别",
            "programme",
        ),
        _f("item", "项目名称|扶持项目|品种|具体项目", "text", "项目名称", "item"),
        _f(
            "amount",
            "金额|发放金额|补助金额|补助资金|资金|兑现金额",
            "amount",
            "金额（元）",
            "amount (yuan)",
        ),
        _f("paid_date", "发放日期|发放时间|兑现日期|兑现时间", "date", "发放日期", "date paid"),
        _f("batch", "批次|申报批次", "text", "批次", "batch"),
        _f("sequence", _SEQ, "text", "序号", "row number", False),
    ),
    "loans": (
        _f("loan_id", "贷款编号|借据号|借据编号|编号", "identifier", "贷款编号", "loan number"),
        _f("household_id", _HOUSEHOLD, "identifier", "户编号", "household number"),
        _f("id_number", _ID, "id_number", "证件号码", "ID number"),
        _f("name", "姓名|借款人|户主姓名|借款人姓名", "text", "借款人", "borrower", False),
        _f(
            "mode",
            "贷款方式|使用方式|贷款类型|贷款模式",
            "code:loans.mode",
            "贷款方式（户贷企用/自贷自用）",
            "mode",
        ),
        _f("amount", "贷款金额|金额|放款金额", "amount", "贷款金额（元）", "amount (yuan)"),
        _f("issued_date", "放款日期|贷款日期|发放日期|放款时间", "date", "放款日期", "date issued"),
        _f(
            "term_months",
            "期限(月)|贷款期限|期限|贷款期限(月)",
            "integer",
            "期限（月）",
            "term (months)",
        ),
        _f(
            "enterprise",
            "带贷企业|使用企业|合作企业|企业名称|用款企业",
            "text",
            "使用企业",
            "enterprise",
        ),
        _f("sequence", _SEQ, "text", "序号", "row number", False),
    ),
    "visits": (
        _f("visit_id", "记录编号|帮扶记录编号|编号", "identifier", "记录编号", "record number"),
        _f("helper_id", "帮扶人编号|帮扶责任人编号", "identifier", "帮扶人编号", "helper number"),
        _f("helper_name", "帮扶责任人|帮扶人|帮扶人姓名", "text", "帮扶人", "helper"),
        _f("household_id", _HOUSEHOLD + "|帮扶户编号", "identifier", "户编号", "household number"),
        _f("id_number", _ID, "id_number", "户主证件号码", "head's ID number"),
        _f("visit_date", "帮扶日期|走访日期|日期|帮扶时间|走访时间", "date", "帮扶日期", "date"),
        _f(
            "kind",
            "帮扶方式|帮扶类型|走访类型|帮扶形式",
            "code:visits.kind",
            "帮扶方式（走访/政策宣讲/慰问/其他）",
            "kind",
        ),
        _f("content", "帮扶内容|内容|备注", "text", "帮扶内容", "what was done", False),
        _f("sequence", _SEQ, "text", "序号", "row number", False),
    ),
    "trainings": (
        _f("person_id", _PERSON, "identifier", "人编号", "person number"),
        _f("id_number", _ID, "id_number", "证件号码", "ID number"),
        _f("name", "姓名|学员姓名", "text", "姓名", "name", False),
        _f(
            "course",
            "培训班|培训类别|培训项目|培训名称|培训类型",
            "code:trainings.course",
            "培训类别（市就业培训/镇技能培训）",
            "course",
        ),
        _f("training_date", "培训日期|培训时间|开班日期", "date", "培训日期", "date"),
        _f("sequence", _SEQ, "text", "序号", "row number", False),
    ),
    "targets": (
        _f("year", "年度|目标年度|计划年度|年份", "year", "年度", "year"),
        _f(
            "village_code",
            _VILLAGE_CODE,
            "identifier",
            "区划代码（全镇留空）",
            "village code (empty for the town)",
        ),
        _f(
            "village_name",
            _VILLAGE_NAME + "|范围",
            "text",
            "行政村（全镇填“全镇”）",
            "village (全镇 for the town)",
        ),
        _f(
            "households",
            "计划脱贫户数|目标户数|脱贫目标户数|预脱贫户数",
            "integer",
            "计划脱贫户数",
            "target households",
        ),
        _f(
            "people",
            "计划脱贫人数|目标人数|脱贫目标人数|预脱贫人数",
            "integer",
            "计划脱贫人数",
            "target people",
        ),
        _f("sequence", _SEQ, "text", "序号", "row number", False),
    ),
    "projects": (
        _f("project_id", "项目编号|编号", "identifier", "项目编号", "project number"),
        _f("village_code", _VILLAGE_CODE, "identifier", "区划代码", "village code"),
        _f("village_name", _VILLAGE_NAME, "text", "行政村", "village"),
        _f("name", "项目名称", "text", "项目名称", "project name"),
        _f(
            "category",
            "项目类别|项目类型",
            "code:village_projects.category",
            "项目类别（产业/基础设施/其他）",
            "category",
        ),
        _f(
            "budget",
            "预算|预算金额|总投资|投资额|项目资金|计划投资",
            "amount",
            "预算（元）",
            "budget (yuan)",
        ),
        _f(
            "status",
            "项目状态|建设状态|进度|实施状态",
            "code:village_projects.status",
            "项目状态（计划/招标中/在建/已完工）",
            "status",
        ),
        _f("year", "年度|实施年度|项目年度|年份", "year", "年度", "year"),
        _f("sequence", _SEQ, "text", "序号", "row number", False),
    ),
}

# The household form (贫困户信息表): one row per household, the roster's household columns. When
# an import holds one, the person form needs only the members' columns.
HOUSEHOLD_FIELDS = (
    "province_name", "prefecture_name", "county_name", "county_code", "town_name", "town_code",
    "village_name", "village_code", "group_name", "household_id", "size", "attribute",
    "main_cause", "identified_year", "exit_year", "planned_exit_year", "status",
    "income_per_capita", "income_year", "housing_safe", "housing_unsafe", "drinking_water_safe",
    "family_doctor_signed", "helper_id", "village_contact_id", "phone",
)  # fmt: skip
FIELDS["households"] = (
    *(spec for spec in FIELDS["roster"] if spec.name in HOUSEHOLD_FIELDS),
    _f("head_name", "户主姓名|户主", "text", "户主姓名", "head's name", False),
    _f(
        "head_id_number",
        "户主证件号码|户主身份证号码|证件号码|身份证号码",
        "text",
        "户主证件号码",
        "head's ID number",
        False,
    ),  # fmt: skip
    _f("sequence", _SEQ, "text", "序号", "row number", False),
    *(
        _f(name, headers, "text", headers.split("|")[0], name, False)
        for name, headers in _EXPORT_EXTRAS
        if name != "head_name"
    ),  # fmt: skip
)

# Each tuple is a requirement: the file must have at least one of its fields (or it is derived).
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "roster": (
        ("household_id",),
        ("village_name", "village_code"),
        ("group_name",),
        ("name",),
        ("id_number",),
        ("relation",),
        ("education",),
        ("school_stage",),
        ("health",),
        ("labor",),
        ("migrant_work",),
        ("migrant_months",),
        ("medical_insurance",),
        ("attribute",),
        ("main_cause",),
        ("identified_year",),
        ("status",),
        ("income_per_capita",),
        ("housing_safe", "housing_unsafe"),
        ("drinking_water_safe",),
        ("family_doctor_signed",),
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
}

# What makes a file this kind: every tuple must be matched by at least one of its fields.
SIGNATURES: dict[str, tuple[tuple[str, ...], ...]] = {
    "roster": (("household_id",), ("relation",), ("person_id", "id_number", "name")),
    "households": (("household_id",), ("attribute", "main_cause", "status")),
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


def without_unit(key: str) -> str:
    """A normalised header without a trailing bracketed unit: `金额(元)` → `金额`."""
    return re.sub(r"\([^()]*\)$", "", key)


def header_index() -> dict[str, dict[str, str]]:
    """kind → {normalised header → field name}."""
    index: dict[str, dict[str, str]] = {}
    for kind, fields in FIELDS.items():
        index[kind] = {}
        for spec in fields:
            for header in spec.headers:
                index[kind].setdefault(normalize_header(header), spec.name)
    return index


_INDEX = header_index()
ALL_HEADERS = frozenset(key for table in _INDEX.values() for key in table)


def is_known_header(text: object) -> bool:
    """Whether some kind of file has a column with this header (used to find the header row)."""
    key = normalize_header(text)
    return bool(key) and (key in ALL_HEADERS or without_unit(key) in ALL_HEADERS)


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
    """One column of a file: its header as written, and the field it was matched to."""

    index: int
    header: str
    field: str | None  # None: not recognised
    how: str  # "synonym", "mapping", "ignored", "unmatched", "duplicate"


def match_headers(kind: str, headers: list[str], mapping: Mapping) -> list[ColumnMatch]:
    """Match each header of a file of `kind` to a field; the first column wins a field."""
    index = _INDEX[kind]
    taken: set[str] = set()
    matches = []
    for position, header in enumerate(headers):
        if not normalize_header(header):
            continue
        override = mapping.override(kind, header)
        if override is not None:
            name, how = (None, "ignored") if override == IGNORE else (override, "mapping")
        else:
            key = normalize_header(header)
            name = index.get(key) or index.get(without_unit(key))
            how = "synonym" if name else "unmatched"
        if name is not None and name in taken:
            matches.append(ColumnMatch(position, header, None, "duplicate"))
            continue
        if name is not None:
            taken.add(name)
        matches.append(ColumnMatch(position, header, name, how))
    return matches


def score(kind: str, headers: list[str], mapping: Mapping) -> tuple[bool, int]:
    """(whether the headers carry the kind's signature, how many of its fields they match)."""
    matched = {m.field for m in match_headers(kind, headers, mapping) if m.field}
    signed = all(any(name in matched for name in group) for group in SIGNATURES[kind])
    return signed, len(matched)
