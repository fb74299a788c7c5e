"""The demo town written as the spreadsheets a real town hands over, for the import round trip.

The roster looks like the national 建档立卡 system's export: a title row and a 填报单位 row
above the header, Chinese labels instead of codes, ID numbers as text, a 危房户 column instead
of 住房安全, years written 2017年, no birth date (the importer derives it from the ID number)
and a 合计 row at the bottom. The town's own ledgers come in the mix of formats a township
really has: .xlsx, a GBK CSV for the villages, a UTF-8 CSV with BOM for the visits, a two-row
header on the helpers. Importing these files for the same snapshot date gives back the
snapshot's tables exactly (tests/importer/test_round_trip.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
from openpyxl.styles import Alignment, Font

from dashboard import contract
from dashboard.reference import code_label

ROSTER_FILE = "贫困人口信息表.xlsx"
VILLAGES_FILE = "村情表.csv"
HELPERS_FILE = "帮扶责任人表.xlsx"
PAYMENTS_FILE = "资金发放台账.xlsx"
LOANS_FILE = "小额信贷台账.xlsx"
VISITS_FILE = "帮扶记录.csv"
TRAININGS_FILE = "培训台账.xlsx"
TARGETS_FILE = "脱贫计划.xlsx"
PROJECTS_FILE = "村级项目台账.xlsx"


def read_snapshot_tables(snapshot_path: Path) -> dict[str, list[dict]]:
    """Every contract table of one snapshot folder as a list of row dicts."""
    tables = {}
    for name in contract.TABLE_NAMES:
        single = Path(snapshot_path) / f"{name}.parquet"
        files = (
            [single] if single.is_file() else sorted((Path(snapshot_path) / name).glob("*.parquet"))
        )
        rows: list[dict] = []
        for path in files:
            rows += pq.read_table(path, schema=contract.table(name).arrow_schema()).to_pylist()
        tables[name] = rows
    return tables


def write_spreadsheets(
    tables: dict[str, list[dict]], folder: Path, snapshot_date: dt.date
) -> list[Path]:
    """Write the tables as the town's spreadsheets into `folder`; return the files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    villages = {row["village_code"]: row for row in tables["villages"]}
    written = [
        _roster(tables, villages, folder / ROSTER_FILE, snapshot_date),
        _villages(tables["villages"], folder / VILLAGES_FILE),
        _helpers(tables, folder / HELPERS_FILE),
        _payments(tables["payments"], folder / PAYMENTS_FILE),
        _loans(tables["loans"], folder / LOANS_FILE),
        _visits(tables["visits"], folder / VISITS_FILE),
        _trainings(tables["trainings"], folder / TRAININGS_FILE),
        _targets(tables["targets"], villages, folder / TARGETS_FILE),
        _projects(tables["village_projects"], villages, folder / PROJECTS_FILE),
    ]
    return written


def _label(table: str, column: str, code: str | None) -> str | None:
    return None if code is None else code_label(table, column, code, "zh")


def _yes_no(value: bool) -> str:
    return "是" if value else "否"


def _workbook(
    title: str, headers: list[str], rows: list[list], subtitle: str | None = None
) -> openpyxl.Workbook:
    """A sheet with a merged title row (and a subtitle) above the header, as offices make them."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    sheet.cell(1, 1).alignment = Alignment(horizontal="center")
    if subtitle:
        sheet.append([subtitle])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    return workbook


def _text_cells(sheet, columns: list[int], first_row: int) -> None:
    """Mark ID columns as text (@), as a careful export does, so Excel never rounds them."""
    for row in sheet.iter_rows(min_row=first_row):
        for index in columns:
            row[index].number_format = "@"


def _roster(tables, villages, path: Path, snapshot_date: dt.date) -> Path:
    households = {row["household_id"]: row for row in tables["households"]}
    headers = [
        "县", "乡(镇)", "行政村", "村民组", "户编号", "人编号", "姓名", "证件号码", "人数",
        "与户主关系", "性别", "民族", "文化程度", "在校生状况", "健康状况", "劳动技能", "务工状况",
        "务工时间(月)", "参加城乡居民基本医疗保险", "贫困户属性", "主要致贫原因", "识别年度",
        "脱贫年度", "计划脱贫年度", "贫困户状态", "人均纯收入", "危房户", "饮水安全",
        "家庭医生签约", "联系电话",
    ]  # fmt: skip
    members = sorted(tables["members"], key=lambda m: (m["household_id"], m["person_id"]))
    rows = []
    for member in members:
        household = households[member["household_id"]]
        village = villages[household["village_code"]]
        rows.append(
            [
                village["county_name"], village["town_name"], village["village_name"],
                household["group_name"], household["household_id"], member["person_id"],
                member["name"], member["id_number"], household["size"],
                _label("members", "relation", member["relation"]),
                _label("members", "sex", member["sex"]), member.get("ethnicity"),
                _label("members", "education", member["education"]),
                _label("members", "school_stage", member["school_stage"]),
                _label("members", "health", member["health"]),
                _label("members", "labor", member["labor"]),
                _label("members", "migrant_work", member["migrant_work"]),
                member["migrant_months"], _yes_no(member["medical_insurance"]),
                _label("households", "attribute", household["attribute"]),
                _label("households", "main_cause", household["main_cause"]),
                household["identified_year"],
                f"{household['exit_year']}年" if household["exit_year"] else None,
                household["planned_exit_year"],
                _label("households", "status", household["status"]),
                float(household["income_per_capita"]),
                _yes_no(not household["housing_safe"]), _yes_no(household["drinking_water_safe"]),
                _yes_no(household["family_doctor_signed"]), None,
            ]
        )  # fmt: skip
    rows.append(["合计", None, None, None, f"{len(households)}户", None, f"{len(members)}人"])
    town = next(iter(villages.values()))["town_name"] if villages else ""
    workbook = _workbook(
        "贫困人口信息表",
        headers,
        rows,
        f"填报单位：{town}    数据截至：{snapshot_date.isoformat()}",
    )
    _text_cells(workbook.active, [4, 5, 7], 4)
    workbook.save(path)
    return path


def _villages(villages: list[dict], path: Path) -> Path:
    """GBK CSV with a title line: what an older office PC saves from Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["村情表"])
    writer.writerow(
        ["区划代码", "村名称", "乡(镇)", "县", "类型", "村民组数", "户籍人口", "贫困村", "出列年度"]
    )
    for row in villages:
        writer.writerow(
            [
                row["village_code"], row["village_name"], row["town_name"], row["county_name"],
                _label("villages", "kind", row["kind"]), row["groups_count"], row["population"],
                _yes_no(row["is_poor_village"]),
                f"{row['poor_village_exit_year']}年" if row["poor_village_exit_year"] else "",
            ]
        )  # fmt: skip
    path.write_bytes(buffer.getvalue().encode("gbk"))
    return path


def _helpers(tables, path: Path) -> Path:
    """A two-row header (merged group cells over the column names), households listed with 、."""
    assigned: dict[str, list[str]] = defaultdict(list)
    for household in tables["households"]:
        for column in ("helper_id", "village_contact_id"):
            if household[column]:
                assigned[household[column]].append(household["household_id"])
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "帮扶责任人"
    sheet.append(["帮扶责任人花名册"])
    sheet.merge_cells("A1:E1")
    sheet.append(["帮扶人信息", None, None, "帮扶情况", None])
    sheet.merge_cells("A2:C2")
    sheet.merge_cells("D2:E2")
    sheet.append(["帮扶人编号", "姓名", "工作单位", "帮扶级别", "帮扶户编号"])
    for helper in tables["helpers"]:
        sheet.append(
            [
                helper["helper_id"],
                helper["name"],
                helper["unit"],
                _label("helpers", "level", helper["level"]),
                "、".join(assigned.get(helper["helper_id"], [])),
            ]
        )
    workbook.save(path)
    return path


def _payments(payments: list[dict], path: Path) -> Path:
    headers = [
        "发放编号",
        "户编号",
        "人编号",
        "项目类别",
        "项目名称",
        "金额(元)",
        "发放日期",
        "批次",
    ]
    rows = [
        [
            row["payment_id"], row["household_id"], row["person_id"],
            _label("payments", "program", row["program"]), row["item"], float(row["amount_yuan"]),
            row["paid_date"], row["batch"],
        ]
        for row in payments
    ]  # fmt: skip
    workbook = _workbook("扶贫资金发放台账", headers, rows)
    _text_cells(workbook.active, [1, 2], 3)
    for row in workbook.active.iter_rows(min_row=3, min_col=7, max_col=7):
        row[0].number_format = "yyyy-mm-dd"
    workbook.save(path)
    return path


def _loans(loans: list[dict], path: Path) -> Path:
    headers = ["贷款编号", "户编号", "贷款方式", "贷款金额", "放款日期", "期限(月)", "使用企业"]
    rows = [
        [
            row["loan_id"], row["household_id"], _label("loans", "mode", row["mode"]),
            float(row["amount_yuan"]), f"{row['issued_date']:%Y/%m/%d}", row["term_months"],
            row["enterprise"],
        ]
        for row in loans
    ]  # fmt: skip
    _workbook("扶贫小额信贷台账", headers, rows).save(path)
    return path


def _visits(visits: list[dict], path: Path) -> Path:
    """UTF-8 with a BOM, dates written 2015.03.16, the way a phone app's export writes them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["记录编号", "帮扶人编号", "户编号", "帮扶日期", "帮扶方式"])
    for row in visits:
        writer.writerow(
            [
                row["visit_id"],
                row["helper_id"],
                row["household_id"],
                f"{row['visit_date']:%Y.%m.%d}",
                _label("visits", "kind", row["kind"]),
            ]
        )
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    return path


def _trainings(trainings: list[dict], path: Path) -> Path:
    headers = ["人编号", "培训类别", "培训日期"]
    rows = [
        [row["person_id"], _label("trainings", "course", row["course"]), row["training_date"]]
        for row in trainings
    ]
    _workbook("贫困人口培训台账", headers, rows).save(path)
    return path


def _targets(targets: list[dict], villages, path: Path) -> Path:
    headers = ["年度", "行政村", "计划脱贫户数", "计划脱贫人数"]
    rows = [
        [
            row["year"],
            villages[row["village_code"]]["village_name"] if row["village_code"] else "全镇",
            row["households"],
            row["people"],
        ]
        for row in targets
    ]
    _workbook("脱贫计划", headers, rows).save(path)
    return path


def _projects(projects: list[dict], villages, path: Path) -> Path:
    headers = ["项目编号", "行政村", "项目名称", "项目类别", "预算(元)", "项目状态", "年度"]
    rows = [
        [
            row["project_id"], villages[row["village_code"]]["village_name"], row["name"],
            _label("village_projects", "category", row["category"]), float(row["budget_yuan"]),
            _label("village_projects", "status", row["status"]), row["year"],
        ]
        for row in projects
    ]  # fmt: skip
    _workbook("村级项目台账", headers, rows).save(path)
    return path
