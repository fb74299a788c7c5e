"""The same small town in every encoding and layout imports to the same, expected rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from dashboard.importer.run import plan_import
from tests.importer.files import (
    EXPECTED_HOUSEHOLDS,
    EXPECTED_MEMBERS,
    ROSTER,
    SNAPSHOT_DATE,
    base_set,
    write_rows,
    write_set,
)


def check_tables(plan) -> None:
    """The hand-typed expectations of tests/importer/files.py."""
    assert plan.ok, [p.message_en for p in plan.errors]
    households = {row["household_id"]: row for row in plan.tables["households"].to_pylist()}
    assert set(households) == set(EXPECTED_HOUSEHOLDS)
    for household_id, expected in EXPECTED_HOUSEHOLDS.items():
        for column, value in expected.items():
            assert households[household_id][column] == value, (household_id, column)
    assert households["H1"]["income_per_capita"] == Decimal("4200.50")
    members = {row["person_id"]: row for row in plan.tables["members"].to_pylist()}
    assert set(members) == set(EXPECTED_MEMBERS)
    for person_id, expected in EXPECTED_MEMBERS.items():
        for column, value in expected.items():
            assert members[person_id][column] == value, (person_id, column)
    villages = {row["village_code"]: row for row in plan.tables["villages"].to_pylist()}
    assert villages["341182108206"]["poor_village_exit_year"] == 2016
    assert villages["341182108200"]["kind"] == "water_village"
    assert villages["341182108206"]["town_code"] == "341182108"
    payments = sorted(plan.tables["payments"].to_pylist(), key=lambda row: row["paid_date"])
    assert [
        (p["household_id"], p["program"], p["amount_yuan"], p["paid_date"]) for p in payments
    ] == [
        ("H2", "education_aid", Decimal("500.00"), dt.date(2016, 9, 1)),
        ("H1", "industry_breeding", Decimal("1200.00"), dt.date(2017, 5, 3)),
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_every_encoding(tmp_path: Path, encoding: str):
    files = []
    for name, rows in base_set().items():
        files.append(write_rows(tmp_path / (Path(name).stem + ".csv"), rows, encoding=encoding))
    check_tables(plan_import(files, SNAPSHOT_DATE))


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_workbooks(tmp_path: Path, suffix: str):
    files = [
        write_rows(tmp_path / (Path(name).stem + suffix), rows) for name, rows in base_set().items()
    ]
    check_tables(plan_import(files, SNAPSHOT_DATE))


def test_files_in_any_order_with_any_names(tmp_path: Path):
    files = write_set(
        tmp_path, {f"file{n}.csv": rows for n, rows in enumerate(base_set().values())}
    )
    check_tables(plan_import(list(reversed(files)), SNAPSHOT_DATE))


def test_roster_as_offices_make_it(tmp_path: Path):
    """Title rows, a two-row header over merged group cells, 户编号 merged down a household,
    a column-number row, blank rows, full-width spaces, a 合计 row and a 填表人 footer."""
    files = base_set()
    del files["贫困人口信息表.xlsx"]
    paths = write_set(tmp_path, files)
    header = ROSTER[0]
    # Upper row: the first nine headers (not merged down), then group labels over the rest.
    upper = header[:9] + ["成员信息"] * 7 + ["户信息"] * 9
    lower = [None] * 9 + [f"　{text} " for text in header[9:]]  # full-width and stray spaces
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["贫困人口信息表"])
    sheet.append(["填报单位：女山湖镇", None, None, "填报日期：2018年6月30日"])
    sheet.append(upper)
    sheet.append(lower)
    sheet.append(list(range(1, len(header) + 1)))
    sheet.merge_cells("A1:Y1")
    sheet.merge_cells("J3:P3")
    sheet.merge_cells("Q3:Y3")
    for row in ROSTER[1:3]:
        sheet.append(row)
    sheet.append([])
    sheet.append(ROSTER[3])
    sheet.merge_cells("C6:C7")  # 户编号 merged over the household's two rows
    sheet.append(["合计", None, "2户", None, "3人"])
    sheet.append(["填表人：张三", None, None, "审核人：李四"])
    roster = tmp_path / "贫困人口信息表.xlsx"
    workbook.save(roster)
    plan = plan_import([*paths, roster], SNAPSHOT_DATE)
    check_tables(plan)
    parsed = next(p for p in plan.files if p.kind == "roster")
    assert parsed.header_rows == (3, 4)
    assert parsed.dropped["total"] == 1 and parsed.dropped["numbering"] == 1
    assert parsed.dropped["blank"] == 1 and parsed.dropped["footer"] == 1


def test_roster_without_sex_and_person_numbers_derives_them(tmp_path: Path):
    files = base_set()
    roster = files["贫困人口信息表.xlsx"]
    drop = [roster[0].index("性别"), roster[0].index("人编号")]
    files["贫困人口信息表.xlsx"] = [
        [v for i, v in enumerate(row) if i not in drop] for row in roster
    ]
    plan = plan_import(write_set(tmp_path, files), SNAPSHOT_DATE)
    assert plan.ok, [p.message_en for p in plan.errors]
    members = {row["id_number"][-4:]: row for row in plan.tables["members"].to_pylist()}
    assert sorted(row["person_id"] for row in members.values()) == ["H101", "H102", "H201"]
    derived = {(d.table, d.column): d.rows for d in plan.derived}
    assert derived[("members", "sex")] == 3
    assert derived[("members", "person_id")] == 3
    assert derived[("members", "birth_date")] == 3


def test_payments_found_by_id_number(tmp_path: Path):
    files = base_set()
    files["资金发放台账.xlsx"] = [
        ["证件号码", "项目类别", "金额", "发放日期"],
        [ROSTER[2][5].lower(), "教育补助", 300, "2017-09-01"],
    ]
    plan = plan_import(write_set(tmp_path, files), SNAPSHOT_DATE)
    assert plan.ok, [p.message_en for p in plan.errors]
    [payment] = plan.tables["payments"].to_pylist()
    assert payment["household_id"] == "H1"
    assert payment["person_id"] == "P12"  # education aid is paid for one person


def test_a_mapping_file_names_local_headers(tmp_path: Path):
    files = base_set()
    files["资金发放台账.xlsx"][0] = ["户码", "项目类别", "项目名称", "钱数", "发放日期", "批次"]
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        '[columns]\n"户码" = "household_id"\n[columns.payments]\n"钱数" = "amount"\n', "utf-8"
    )
    assert not plan_import(write_set(tmp_path / "a", files), SNAPSHOT_DATE).ok
    check_tables(plan_import(write_set(tmp_path / "b", files), SNAPSHOT_DATE, mapping))


def test_stated_size_that_disagrees_is_a_warning(tmp_path: Path):
    files = base_set()
    files["贫困人口信息表.xlsx"][3][6] = 4
    plan = plan_import(write_set(tmp_path, files), SNAPSHOT_DATE)
    assert plan.ok
    [warning] = [w for w in plan.warnings if w.column == "人数"]
    assert warning.row == 4 and "states 4 people" in warning.message_en


def test_the_small_town_has_no_warning(tmp_path: Path):
    plan = plan_import(write_set(tmp_path, base_set()), SNAPSHOT_DATE)
    assert plan.ok and not plan.warnings, [w.message_en for w in plan.warnings]
