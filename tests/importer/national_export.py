"""A model of the national system's exports, to test the importer end to end.

What the 全国扶贫开发信息系统 (扶贫开发建档立卡信息系统 before 2016) hands a township, as far
as the importer is concerned, written from a town generated here with a seed:

- the **person form** (贫困人口信息表): one row per person, the household's columns beside each
  member. Two layouts:
  - `2016` (2016-2020): 省/市/县/乡（镇） columns, 人编号, 在校生状况 with the grade
    (小学三年级, 七年级, 普通高中二年级 …), 劳动技能, 务工状况 in the system's words
    (乡（镇）内务工, 乡（镇）外县内务工, 县外省内务工, 省外务工), 健康状况 that may combine
    (残疾,长期慢性病), 特困供养贫困户, 脱贫属性, 家庭年人均纯收入（元）, 住房/饮水安全, 家庭医生签约,
    联系电话, and the columns the contract does not keep (民族, 是否参加大病保险, 识别标准 …);
  - `2014` (2014-2015): no places above the village, no 人编号, 在校学生 (初一 …), 劳动能力,
    参加新型农村合作医疗, 五保户 / 低保户, 识别时间, 是否危房户, and the household's columns
    written on the head's row only.
- **empty cells where the system leaves them empty**: no 务工状况 and 务工时间 for people who do
  not work away, no 在校生状况 for people not in school, and (for a share of people) no
  劳动技能 for ordinary labour and no 健康状况 for the healthy: the defaults of
  data/reference/empty_defaults.csv, so the import must give back what was generated;
- the **villages file** (村情表) without 乡（镇） and 县, which the roster carries;
- **formats**: GBK or UTF-8 CSV with a title row, a 填报单位 row and a 合计 row; .xlsx with a
  title and a merged two-row header (基本信息 / 家庭成员信息 / 户信息 over the columns); an HTML
  table named .xls.

Every person's true values (contract codes) are kept in the model, so a test compares the
snapshot with what was generated, not with what the importer says.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import openpyxl

from tests.importer.files import html_rows

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
NUMERALS = "一二三四五六"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "德才桂英秀兰建国志强明华红梅春生玉芳海军小平文静家福凤云永刚金花天宇子豪佳怡雨欣"
SNAPSHOT_DATE = dt.date(2020, 6, 30)
TITLE = "贫困人口信息表"
UNIT = "填报单位：{town}　　导出时间：2020-06-30"


def id_number(first_17: str) -> str:
    """A valid 18-character ID number (the GB 11643 check computed here, independently)."""
    total = sum(int(d) * w for d, w in zip(first_17, WEIGHTS, strict=True))
    return first_17 + "10X98765432"[total % 11]


@dataclass
class Person:
    person_id: str
    name: str
    id_number: str
    relation: str  # contract codes from here on
    relation_written: str
    sex: str
    birth_date: dt.date
    education: str
    school_stage: str
    school_written: str | None  # None: the cell is empty
    health: str
    health_written: str | None
    labor: str
    labor_written: str | None
    migrant_work: str
    migrant_months: int
    medical_insurance: bool


@dataclass
class Household:
    household_id: str
    village_code: str
    group_name: str
    attribute: str
    main_cause: str
    identified_year: int
    status: str
    exit_year: int | None
    income: str  # yuan, two decimals, as text
    housing_safe: bool
    drinking_water_safe: bool
    family_doctor_signed: bool
    phone: str
    members: list[Person] = field(default_factory=list)


@dataclass
class Town:
    province: str
    prefecture: str
    county: str
    county_code: str
    town: str
    town_code: str
    villages: list[dict]
    households: list[Household]

    @property
    def people(self) -> list[Person]:
        return [person for household in self.households for person in household.members]


# The wordings each layout writes for each code (the first is written; the others by chance).
MIGRANT_WORDS = {
    "in_town": ["乡（镇）内务工"],
    "in_county": ["乡（镇）外县内务工"],
    "in_province": ["县外省内务工"],
    "out_of_province": ["省外务工"],
}
LABOR_WORDS = {
    "normal": "普通劳动力",
    "skilled": "技能劳动力",
    "weak": "弱劳动力或半劳动力",
    "lost": "丧失劳动力",
    "none": "无劳动力",
}
HEALTH_WORDS = {"healthy": "健康", "chronic": "长期慢性病", "serious_illness": "患有大病",
                "disabled": "残疾"}  # fmt: skip
EDUCATION_WORDS = {"illiterate": "文盲或半文盲", "primary": "小学", "junior": "初中", "senior": "高中",
                   "vocational": "中专", "college": "大专及以上"}  # fmt: skip
ATTRIBUTE_WORDS = {
    "2016": {"general": "一般贫困户", "dibao": "低保贫困户", "tekun": "特困供养贫困户"},
    "2014": {"general": "一般贫困户", "dibao": "低保户", "tekun": "五保户"},
}
CAUSE_WORDS = {"illness": "因病", "disability": "因残", "education": "因学", "disaster": "因灾",
               "lack_land": "缺土地", "lack_water": "缺水", "lack_skills": "缺技术",
               "lack_labor": "缺劳力", "lack_capital": "缺资金", "poor_transport": "交通条件落后",
               "lack_motivation": "自身发展动力不足"}  # fmt: skip
STATUS_WORDS = {
    "2016": {"exited": ["脱贫享受政策", "脱贫不享受政策", "已脱贫"], "not_exited": ["未脱贫"],
             "relapsed": ["返贫"]},
    "2014": {"exited": ["已脱贫"], "not_exited": ["未脱贫"], "relapsed": ["返贫"]},
}  # fmt: skip


def _school(age: int, rng: random.Random, layout: str) -> tuple[str, str | None]:
    """(stage code, the cell as the system writes it: the grade, or empty when not in school)."""
    if 3 <= age <= 5:
        return "preschool", "学前教育"
    if 6 <= age <= 11:
        grade = age - 5
        return "primary", f"小学{NUMERALS[grade - 1]}年级" if layout == "2016" else "小学"
    if 12 <= age <= 14:
        grade = age - 11
        if layout == "2014":
            return "junior", f"初{NUMERALS[grade - 1]}"
        return "junior", ("七年级", "八年级", "九年级")[grade - 1]
    if 15 <= age <= 17 and rng.random() < 0.8:
        grade = age - 14
        if rng.random() < 0.6:
            return "senior", f"普通高中{NUMERALS[grade - 1]}年级" if layout == "2016" else "高中"
        return "secondary_vocational", f"中职{NUMERALS[grade - 1]}年级"
    if 18 <= age <= 21 and rng.random() < 0.3:
        if rng.random() < 0.5:
            return "college", f"本科{NUMERALS[age - 18]}年级"
        return "higher_vocational", "高职"
    return "none", None


def _education(age: int, stage: str, rng: random.Random) -> str:
    if age < 7:
        return "illiterate"
    by_stage = {"primary": "primary", "junior": "primary", "senior": "junior",
                "secondary_vocational": "junior", "higher_vocational": "senior",
                "college": "senior"}  # fmt: skip
    if stage in by_stage:
        return by_stage[stage]
    return rng.choices(list(EDUCATION_WORDS), weights=(20, 35, 30, 8, 4, 3))[0]


def generate_town(people: int = 300, *, seed: int = 2020, layout: str = "2016") -> Town:
    """A town of about `people` registered poor people in villages of ~400 people each."""
    rng = random.Random(seed)
    county_code, town_code = "341182", "341182108"
    village_count = max(2, people // 400)
    villages = []
    for number in range(village_count):
        villages.append(
            {
                "village_code": f"{town_code}{200 + number:03d}",
                "village_name": f"{'东西南北中新'[number % 6]}{GIVEN[number % len(GIVEN)]}村"
                + (f"{number // 6 + 1}" if number >= 6 else ""),
                "groups_count": rng.randint(6, 18),
                "population": rng.randint(1800, 5200),
                "is_poor_village": number % 3 == 0,
                "poor_village_exit_year": 2018 if number % 6 == 0 else None,
            }
        )
    households: list[Household] = []
    used_ids: set[str] = set()
    person_total = 0
    number = 0
    while person_total < people:
        number += 1
        village = villages[number % village_count]
        household_id = f"{village['village_code']}{number:04d}"
        status = rng.choices(["exited", "not_exited", "relapsed"], weights=(80, 17, 3))[0]
        identified = rng.choice([2014, 2014, 2015, 2016])
        household = Household(
            household_id=household_id,
            village_code=village["village_code"],
            group_name=f"{NUMERALS[rng.randrange(6)]}组",
            attribute=rng.choices(["general", "dibao", "tekun"], weights=(70, 22, 8))[0],
            main_cause=rng.choice(list(CAUSE_WORDS)),
            identified_year=identified,
            status=status,
            exit_year=rng.randint(max(identified, 2016), 2019) if status != "not_exited" else None,
            income=f"{rng.randint(3000, 14000)}.{rng.randint(0, 99):02d}",
            housing_safe=rng.random() < 0.95,
            drinking_water_safe=rng.random() < 0.97,
            family_doctor_signed=rng.random() < 0.9,
            phone=f"1{rng.choice('3578')}{rng.randint(0, 999_999_999):09d}",
        )
        size = min(rng.choices([1, 2, 3, 4, 5, 6], weights=(15, 25, 22, 20, 12, 6))[0],
                   people - person_total)  # fmt: skip
        head_birth = dt.date(rng.randint(1940, 1985), rng.randint(1, 12), rng.randint(1, 28))
        plan = [("head", "户主", head_birth)]
        if size >= 2:
            plan.append(
                ("spouse", "配偶", head_birth + dt.timedelta(days=rng.randint(-1500, 1500)))
            )
        for _ in range(size - len(plan)):
            child_year = min(head_birth.year + rng.randint(20, 38), 2019)
            if child_year > 2019 - 1 or rng.random() < 0.8:
                relation = rng.choice([("child", "之子"), ("child", "之女")])
            else:
                relation = ("grandchild", "之孙子")
            birth = dt.date(child_year, rng.randint(1, 12), rng.randint(1, 28))
            plan.append((*relation, birth))
        for sequence, (relation, relation_written, birth) in enumerate(plan, start=1):
            if relation == "spouse":
                sex = "female" if rng.random() < 0.9 else "male"
            elif relation == "head":
                sex = "male" if rng.random() < 0.85 else "female"
            else:
                sex = "male" if relation_written in ("之子", "之孙子") else "female"
            age = (
                SNAPSHOT_DATE.year
                - birth.year
                - ((SNAPSHOT_DATE.month, SNAPSHOT_DATE.day) < (birth.month, birth.day))
            )
            stage, stage_written = _school(age, rng, layout)
            health = rng.choices(list(HEALTH_WORDS), weights=(70, 15, 7, 8))[0]
            if health == "disabled" and rng.random() < 0.3:
                health_written = "残疾,长期慢性病"
            elif health == "healthy" and rng.random() < 0.4:
                health_written = None  # the system leaves the healthy empty
            else:
                health_written = HEALTH_WORDS[health]
            if 16 <= age <= 64:
                labor = rng.choices(["normal", "skilled", "weak"], weights=(70, 15, 15))[0]
            elif age < 16:
                labor = "none"
            else:
                labor = rng.choice(["weak", "lost", "none"])
            labor_written = None if labor == "normal" and rng.random() < 0.5 else LABOR_WORDS[labor]
            works = 16 <= age <= 60 and stage == "none" and rng.random() < 0.45
            migrant = rng.choice(list(MIGRANT_WORDS)) if works else "none"
            while True:
                serial = (
                    f"{rng.randint(0, 99):02d}{(1 if sex == 'male' else 0) + 2 * rng.randint(0, 4)}"
                )
                number_text = id_number(f"{county_code}{birth:%Y%m%d}{serial}")
                if number_text not in used_ids:
                    used_ids.add(number_text)
                    break
            household.members.append(
                Person(
                    person_id=f"{household_id}{sequence:02d}",
                    name=rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2)))),
                    id_number=number_text,
                    relation=relation,
                    relation_written=relation_written,
                    sex=sex,
                    birth_date=birth,
                    education=_education(age, stage, rng),
                    school_stage=stage,
                    school_written=stage_written,
                    health=health,
                    health_written=health_written,
                    labor=labor,
                    labor_written=labor_written,
                    migrant_work=migrant,
                    migrant_months=rng.randint(3, 12) if works else 0,
                    medical_insurance=rng.random() < 0.99,
                )
            )
        person_total += len(household.members)
        households.append(household)
    return Town(
        "安徽省", "滁州市", "明光市", county_code, "女山湖镇", town_code, villages, households
    )


# ------------------------------------------------------------------ the person form
GROUPS_2016 = (("基本信息", 7), ("家庭成员信息", 16), ("户信息", 13))
HEADER_2016 = (
    "序号", "省", "市", "县", "乡（镇）", "行政村", "自然村",
    "户编号", "人编号", "姓名", "证件号码", "人数", "与户主关系", "性别", "民族", "文化程度",
    "在校生状况", "健康状况", "劳动技能", "务工状况", "务工时间（月）", "是否参加城乡居民基本医疗保险",
    "是否参加大病保险",
    "贫困户属性", "主要致贫原因", "识别标准", "识别年度", "脱贫年度", "脱贫属性",
    "家庭年人均纯收入（元）", "住房是否安全", "饮水是否安全", "家庭医生签约", "联系电话", "开户银行",
    "备注",
)  # fmt: skip
GROUPS_2014 = (("基本信息", 4), ("家庭成员", 14), ("户信息", 10))
HEADER_2014 = (
    "序号", "行政村", "村民组", "户编号",
    "姓名", "公民身份号码", "家庭人口数", "与户主关系", "性别", "民族", "文化程度", "在校学生",
    "健康状况", "劳动能力", "务工状况", "务工时间", "参加新型农村合作医疗", "参加城乡居民基本养老保险",
    "贫困户属性", "主要致贫原因", "识别时间", "脱贫年度", "贫困户状态", "人均纯收入（元）",
    "是否危房户", "饮水安全", "家庭签约医生", "联系电话",
)  # fmt: skip


def _yes(value: bool) -> str:
    return "是" if value else "否"


def person_rows(town: Town, layout: str = "2016", *, seed: int = 7) -> list[list[object]]:
    """The person form's data rows (no header) as the system writes them."""
    rng = random.Random(seed)
    village_names = {v["village_code"]: v["village_name"] for v in town.villages}
    rows = []
    sequence = 0
    for household in town.households:
        for person in household.members:
            sequence += 1
            head = person.relation == "head"
            migrant = None
            months = None
            if person.migrant_work != "none":
                migrant = rng.choice(MIGRANT_WORDS[person.migrant_work])
                months = person.migrant_months
            member = [
                person.name, person.id_number, len(household.members), person.relation_written,
                "男" if person.sex == "male" else "女", "汉族",
                "学龄前儿童" if layout == "2016" and person.education == "illiterate"
                and person.school_stage in ("preschool", "none") and person.birth_date.year >= 2014
                else EDUCATION_WORDS[person.education],
                person.school_written, person.health_written, person.labor_written,
                migrant, months, _yes(person.medical_insurance),
            ]  # fmt: skip
            status = rng.choice(STATUS_WORDS[layout][household.status])
            if layout == "2016":
                house = [
                    ATTRIBUTE_WORDS["2016"][household.attribute], CAUSE_WORDS[household.main_cause],
                    "国家标准", household.identified_year, household.exit_year, status,
                    household.income, _yes(household.housing_safe),
                    _yes(household.drinking_water_safe), _yes(household.family_doctor_signed),
                    household.phone, "农村信用社", None,
                ]  # fmt: skip
                rows.append(
                    [sequence, town.province, town.prefecture, town.county, town.town,
                     village_names[household.village_code], household.group_name,
                     household.household_id, person.person_id,
                     *member, "否", *house]
                )  # fmt: skip
            else:
                house = [
                    ATTRIBUTE_WORDS["2014"][household.attribute], CAUSE_WORDS[household.main_cause],
                    f"{household.identified_year}年", household.exit_year, status,
                    household.income, _yes(not household.housing_safe),
                    _yes(household.drinking_water_safe), _yes(household.family_doctor_signed),
                    household.phone,
                ]  # fmt: skip
                if not head:  # the old form writes the household's columns on the head's row
                    house = [None] * len(house)
                rows.append(
                    [sequence, village_names[household.village_code], household.group_name,
                     household.household_id, *member, "是", *house]
                )  # fmt: skip
    return rows


def _layout(layout: str) -> tuple[tuple[str, ...], tuple[tuple[str, int], ...]]:
    return (HEADER_2016, GROUPS_2016) if layout == "2016" else (HEADER_2014, GROUPS_2014)


def write_roster(town: Town, path: Path, layout: str = "2016", *, encoding: str = "gbk") -> Path:
    """The person form as .csv (in `encoding`), .xlsx (merged two-row header) or .xls (HTML)."""
    path = Path(path)
    header, groups = _layout(layout)
    rows = person_rows(town, layout)
    totals = ["合计", None, None, f"{len(town.households)}户", f"{len(rows)}人"]
    suffix = path.suffix.lower()
    if suffix == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([TITLE])
        writer.writerow([UNIT.format(town=town.town)])
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if value is None else value for value in row])
        writer.writerow(totals)
        path.write_bytes(buffer.getvalue().encode(encoding))
    elif suffix == ".xlsx":
        _write_xlsx(path, header, groups, rows, totals, town)
    elif suffix == ".xls":
        path.write_bytes(_html(header, groups, rows, totals).encode(encoding))
    else:
        raise ValueError(suffix)
    return path


def _write_xlsx(path, header, groups, rows, totals, town) -> None:
    """Title (merged across), 填报单位, a two-row header: group cells merged over their columns
    above the column names, and the first group's names merged down both rows."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(TITLE)
    width = len(header)
    upper, lower = [], []
    position = 0
    for group, span in groups:
        for offset in range(span):
            column = header[position + offset]
            if group == groups[0][0]:
                upper.append(column)  # merged down: the name stands in the upper row
                lower.append(None)
            else:
                upper.append(group if offset == 0 else None)
                lower.append(column)
        position += span
    sheet.append([TITLE] + [None] * (width - 1))
    sheet.append([UNIT.format(town=town.town)] + [None] * (width - 1))
    sheet.append(upper)
    sheet.append(lower)
    for row in rows:
        sheet.append(row)
    sheet.append(totals)
    from openpyxl.utils import get_column_letter

    merges = [f"A1:{get_column_letter(width)}1"]
    position = 0
    for group, span in groups:
        if group == groups[0][0]:
            merges += [
                f"{get_column_letter(c)}3:{get_column_letter(c)}4" for c in range(1, span + 1)
            ]
        else:
            merges.append(
                f"{get_column_letter(position + 1)}3:{get_column_letter(position + span)}3"
            )
        position += span
    for merge in merges:
        sheet.merged_cells.add(merge)  # write-only sheets keep merges given this way
    workbook.save(path)


def _html(header, groups, rows, totals) -> str:
    width = len(header)
    lines = ['<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
             "</head><body><table border=1>", f"<tr><td colspan={width}>{TITLE}</td></tr>"]  # fmt: skip
    upper, lower = [], []
    position = 0
    for group, span in groups:
        if group == groups[0][0]:
            upper += [f"<td rowspan=2>{escape(h)}</td>" for h in header[position : position + span]]
        else:
            upper.append(f"<td colspan={span}>{escape(group)}</td>")
            lower += [f"<td>{escape(h)}</td>" for h in header[position : position + span]]
        position += span
    lines.append(f"<tr>{''.join(upper)}</tr>")
    lines.append(f"<tr>{''.join(lower)}</tr>")
    lines += html_rows([*rows, totals])
    lines.append("</table></body></html>")
    return "\n".join(lines)


def write_villages(
    town: Town, path: Path, *, encoding: str = "gbk", with_places: bool = False
) -> Path:
    """The villages file as the town keeps it: without 乡（镇） and 县 (the 2016 roster has
    them), or with them (`with_places`, for the 2014 roster, which has none)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["村情表"])
    places = ["县（市、区）", "乡（镇）"] if with_places else []
    writer.writerow(["序号", *places, "行政村", "行政区划代码", "自然村数", "户籍人口", "是否贫困村",
                     "出列年度"])  # fmt: skip
    for number, village in enumerate(town.villages, start=1):
        writer.writerow(
            [number, *([town.county, town.town] if with_places else []),
             village["village_name"], village["village_code"], village["groups_count"],
             village["population"], _yes(village["is_poor_village"]),
             village["poor_village_exit_year"] or ""]
        )  # fmt: skip
    path = Path(path)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


# ------------------------------------------------------------------ the household form
HOUSEHOLD_FORM_HEADER = (
    "序号", "县", "乡（镇）", "行政村", "自然村", "户编号", "户主姓名", "户主证件号码", "家庭人口数",
    *HEADER_2016[-13:],
)  # fmt: skip


def write_household_form(town: Town, path: Path, *, encoding: str = "gbk") -> Path:
    """The household form (贫困户信息表, 2016 layout): one row per household, as a CSV with a
    title row; the person form written with `members_only` then lacks the household columns."""
    village_names = {v["village_code"]: v["village_name"] for v in town.villages}
    house_rows = {}
    for row in person_rows(town, "2016"):
        house_rows.setdefault(row[7], row[-13:])  # the head's row comes first
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["贫困户信息表"])
    writer.writerow(HOUSEHOLD_FORM_HEADER)
    for number, household in enumerate(town.households, start=1):
        head = household.members[0]
        writer.writerow(
            ["" if value is None else value for value in
             [number, town.county, town.town, village_names[household.village_code],
              household.group_name, household.household_id, head.name, head.id_number,
              len(household.members), *house_rows[household.household_id]]]
        )  # fmt: skip
    writer.writerow(["合计", None, None, None, None, f"{len(town.households)}户"])
    path = Path(path)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_members_only(town: Town, path: Path, *, encoding: str = "gbk") -> Path:
    """The person form without the household's columns (the household form holds them)."""
    rows = [row[:-13] for row in person_rows(town, "2016")]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([TITLE])
    writer.writerow(HEADER_2016[:-13])
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    path = Path(path)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


# ------------------------------------------------------------------ the later layouts
# The monitoring system's person list (全国防返贫监测信息系统, 2022 on): one row per person, a
# title row above the header, places by name only (no codes), no 贫困户属性, 家庭医生签约, 医保,
# 性别 or 务工状况; 户类型 says whether the household exited (脱贫户) or was never poor (一般农户).
MONITORING_TITLE = "全国防返贫监测信息系统 人员信息表"
MONITORING_HEADER = (
    "序号", "省", "市", "县(市、区、旗)", "乡(镇)", "行政村", "自然村", "户编号", "户主姓名",
    "姓名", "证件号码", "与户主关系", "民族", "文化程度", "在校生情况", "健康状况", "劳动技能",
    "是否参加大病保险", "人联系电话", "户类型", "易返贫致贫户(监测对象)类型", "致贫原因1",
    "首次识别时间", "脱贫年度", "风险识别时间", "风险是否消除", "风险消除时间",
    "家庭人均纯收入(元)", "是否解决安全饮用水", "危房户", "户联系电话", "数据日期",
)  # fmt: skip
MONITORING_DATA_DATE = dt.date(2023, 6, 30)
MONITORING_TYPE_WORDS = {"unstable_exited": "脱贫不稳定户", "edge": "边缘易致贫户",
                         "sudden_hardship": "突发严重困难户"}  # fmt: skip


@dataclass
class Spell:
    """A household's spell as a monitoring object, as the model holds it (contract codes)."""

    object_type: str
    identified_date: dt.date
    eliminated: bool
    eliminated_date: dt.date | None


def monitoring_spells(town: Town, *, seed: int = 22) -> dict[str, Spell]:
    """Which households of `town` the monitoring list shows as monitoring objects. A household
    that did not exit is, in this layout, an ordinary household (一般农户) under monitoring
    (status monitored_only); about a fifth of the exited are 脱贫不稳定户."""
    rng = random.Random(seed)
    spells = {}
    for household in town.households:
        if household.status == "exited" and rng.random() > 0.2:
            continue
        kind = (
            "unstable_exited"
            if household.status == "exited"
            else rng.choice(["edge", "edge", "sudden_hardship"])
        )
        identified = dt.date(rng.randint(2021, 2022), rng.randint(1, 12), rng.randint(1, 28))
        eliminated = rng.random() < 0.4
        spells[household.household_id] = Spell(
            kind,
            identified,
            eliminated,
            identified + dt.timedelta(days=rng.randint(60, 300)) if eliminated else None,
        )
    return spells


def monitoring_status(household: Household) -> str:
    """The household's status in the monitoring list's terms: exited, or monitored_only."""
    return "exited" if household.status == "exited" else "monitored_only"


def monitoring_rows(town: Town, *, seed: int = 23) -> list[list[object]]:
    """The monitoring system's person list's data rows (no header)."""
    rng = random.Random(seed)
    spells = monitoring_spells(town)
    village_names = {v["village_code"]: v["village_name"] for v in town.villages}
    rows = []
    sequence = 0
    for household in town.households:
        spell = spells.get(household.household_id)
        exited = household.status == "exited"
        head = household.members[0]
        for person in household.members:
            sequence += 1
            rows.append(
                [sequence, town.province, town.prefecture, town.county, town.town,
                 village_names[household.village_code], household.group_name,
                 household.household_id, head.name, person.name, person.id_number,
                 person.relation_written, "汉族", EDUCATION_WORDS[person.education],
                 person.school_written, person.health_written, person.labor_written,
                 _yes(rng.random() < 0.5), f"1{rng.choice('3578')}{rng.randint(0, 999_999_999):09d}",
                 "脱贫户" if exited else "一般农户",
                 MONITORING_TYPE_WORDS[spell.object_type] if spell else None,
                 CAUSE_WORDS[household.main_cause],
                 f"{household.identified_year}-10-15" if exited else None,
                 household.exit_year if exited else None,
                 spell.identified_date.isoformat() if spell else None,
                 (_yes(spell.eliminated) if spell else None),
                 spell.eliminated_date.isoformat() if spell and spell.eliminated_date else None,
                 household.income, _yes(household.drinking_water_safe),
                 _yes(not household.housing_safe), household.phone,
                 MONITORING_DATA_DATE.isoformat()]
            )  # fmt: skip
    return rows


def write_monitoring_list(
    town: Town,
    path: Path,
    *,
    encoding: str = "utf-8-sig",
    header: tuple[str, ...] = MONITORING_HEADER,
    rows: list[list[object]] | None = None,
) -> Path:
    """The monitoring person list as a CSV (title row, then the header) or an .xlsx."""
    rows = monitoring_rows(town) if rows is None else rows
    return _write_table(path, MONITORING_TITLE, list(header), rows, encoding)


def _write_table(path: Path, title: str, header: list[str], rows, encoding: str) -> Path:
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet(title[:30])
        sheet.append([title])
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        workbook.save(path)
        return path
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([title])
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


# The 2019 household form + person form of another township: the same fields in other words.
HOUSEHOLD_2019_HEADER = (
    "序号", "县(市、区)", "乡镇(街道)", "行政村名称", "村民小组", "户编号", "户主姓名",
    "户主身份证号码", "家庭人口数", "贫困户属性", "致贫主因", "识别时间", "脱贫时间", "贫困户状态",
    "年人均纯收入(元)", "是否危房", "饮水是否安全", "是否签约家庭医生", "联系电话",
)  # fmt: skip
PERSON_2019_HEADER = (
    "序号", "户编号", "人编号", "姓名", "身份证号码", "与户主关系", "性别", "民族", "文化程度",
    "在校情况", "健康状况", "劳动技能", "务工情况", "务工时间(月)",
    "是否参加城乡居民基本医疗保险",
)  # fmt: skip
VILLAGES_2019_HEADER = ("序号", "所在乡镇", "行政村名", "村代码(12位)", "村民组个数",
                        "户籍总人口", "是否建档立卡贫困村", "出列时间")  # fmt: skip


def household_2019_rows(town: Town, *, seed: int = 19) -> list[list[object]]:
    rng = random.Random(seed)
    names = {v["village_code"]: v["village_name"] for v in town.villages}
    rows = []
    for number, household in enumerate(town.households, start=1):
        head = household.members[0]
        rows.append(
            [number, town.county, town.town, names[household.village_code], household.group_name,
             household.household_id, head.name, head.id_number, len(household.members),
             ATTRIBUTE_WORDS["2016"][household.attribute], CAUSE_WORDS[household.main_cause],
             household.identified_year, household.exit_year,
             rng.choice(STATUS_WORDS["2016"][household.status]), household.income,
             _yes(not household.housing_safe), _yes(household.drinking_water_safe),
             _yes(household.family_doctor_signed), household.phone]
        )  # fmt: skip
    return rows


def person_2019_rows(town: Town, *, seed: int = 20) -> list[list[object]]:
    rng = random.Random(seed)
    rows = []
    sequence = 0
    for household in town.households:
        for person in household.members:
            sequence += 1
            migrant = (
                rng.choice(MIGRANT_WORDS[person.migrant_work])
                if person.migrant_work != "none"
                else None
            )
            rows.append(
                [sequence, household.household_id, person.person_id, person.name,
                 person.id_number, person.relation_written, "男" if person.sex == "male" else "女",
                 "汉族", EDUCATION_WORDS[person.education], person.school_written,
                 person.health_written, person.labor_written, migrant,
                 person.migrant_months if migrant else None, _yes(person.medical_insurance)]
            )  # fmt: skip
    return rows


def villages_2019_rows(town: Town) -> list[list[object]]:
    return [
        [number, town.town, village["village_name"], village["village_code"],
         village["groups_count"], village["population"], _yes(village["is_poor_village"]),
         village["poor_village_exit_year"]]
        for number, village in enumerate(town.villages, start=1)
    ]  # fmt: skip


def write_2019_forms(town: Town, folder: Path, *, encoding: str = "gbk") -> list[Path]:
    """The 2019 household form, person form and villages sheet, as three CSV files."""
    folder = Path(folder)
    return [
        _write_table(folder / "贫困户基本信息.csv", "贫困户基本信息表",
                     list(HOUSEHOLD_2019_HEADER), household_2019_rows(town), encoding),
        _write_table(folder / "家庭成员信息.csv", "家庭成员信息表", list(PERSON_2019_HEADER),
                     person_2019_rows(town), encoding),
        _write_table(folder / "村基本情况.csv", "村基本情况表", list(VILLAGES_2019_HEADER),
                     villages_2019_rows(town), encoding),
    ]  # fmt: skip


# ------------------------------------------------------------------ random header variation
# Decorations a county's export adds to a header, and other wordings it uses; the importer
# must see through them. Written here independently of the importer's terms.
OTHER_WORDINGS = {
    "证件号码": ["身份证号码", "公民身份号码", "身份证号"],
    "身份证号码": ["证件号码", "公民身份号码"],
    "姓名": ["成员姓名", "人员姓名"],
    "与户主关系": ["与户主的关系"],
    "文化程度": ["学历"],
    "健康状况": ["健康情况"],
    "在校生情况": ["在校生状况", "是否在校生"],
    "劳动技能": ["劳动能力"],
    "户联系电话": ["户主联系电话", "家庭联系电话"],
    "人联系电话": ["本人联系电话", "个人联系电话"],
    "家庭人均纯收入(元)": ["人均纯收入（元）", "家庭年人均纯收入", "人均纯收入"],
    "年人均纯收入(元)": ["人均纯收入", "家庭人均纯收入（元）"],
    "首次识别时间": ["首次识别日期", "识别时间"],
    "风险识别时间": ["纳入监测时间"],
    "风险消除时间": ["退出监测时间"],
    "危房户": ["是否危房户"],
    "户类型": ["农户类型"],
    "行政村": ["村名称", "行政村名称"],
    "乡(镇)": ["乡镇", "所在乡镇"],
    "自然村": ["自然村名称"],
    "务工情况": ["务工状况", "外出务工情况"],
}


def decorate(header: str, rng: random.Random) -> str:
    """`header` as some county writes it: a full-width bracket, a required mark, spaces, a line
    break, a trailing number, or another wording."""
    if header in OTHER_WORDINGS and rng.random() < 0.5:
        header = rng.choice(OTHER_WORDINGS[header])
    choice = rng.random()
    if choice < 0.15:
        header = "*" + header
    elif choice < 0.3:
        header = header.replace("(", "（").replace(")", "）")
    elif choice < 0.45 and len(header) > 2:
        middle = len(header) // 2
        header = header[:middle] + rng.choice([" ", "\n", "　"]) + header[middle:]
    elif choice < 0.55:
        header = f" {header} "
    return header


def vary_layout(
    header: tuple[str, ...] | list[str],
    rows: list[list[object]],
    rng: random.Random,
    *,
    droppable: tuple[str, ...] = (),
    drop_share: float = 0.5,
) -> tuple[list[str], list[list[object]]]:
    """The layout with its columns shuffled (序号 stays first), some `droppable` columns left
    out and every header decorated: what another county's export of the same data looks like."""
    keep = [
        index
        for index, name in enumerate(header)
        if name not in droppable or rng.random() > drop_share
    ]
    first, rest = keep[:1], keep[1:]
    rng.shuffle(rest)
    order = first + rest
    return (
        [decorate(header[index], rng) for index in order],
        [[row[index] for index in order] for row in rows],
    )
