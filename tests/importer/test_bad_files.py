"""A corpus of bad files, made here: each is refused with its own reason, and nothing is written.

Every case starts from the valid small town of files.py, spoils one thing, and names the
English words its error must contain (and, where the problem is in a cell, the row and
column the user will look at in Excel).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import openpyxl
import pytest

from dashboard.importer.run import plan_import, write_import
from dashboard.snapshots import list_snapshots, write_snapshot
from tests.importer.files import HEAD_ID, SNAPSHOT_DATE, base_set, write_rows, write_set

ROSTER = "贫困人口信息表.xlsx"
PAYMENTS = "资金发放台账.xlsx"
VILLAGES = "村情表.csv"
HELPERS = "帮扶责任人表.csv"


def roster_cell(files, row: int, header: str, value) -> None:
    """Set one roster cell; `row` counts data rows from 1 (Excel row = row + 1)."""
    files[ROSTER][row][files[ROSTER][0].index(header)] = value


def _set(name, row, header, value):
    def change(files):
        files[name][row][files[name][0].index(header)] = value

    return change


def _drop_column(name, header):
    def change(files):
        index = files[name][0].index(header)
        files[name] = [[v for i, v in enumerate(r) if i != index] for r in files[name]]

    return change


def _append(name, row):
    return lambda files: files[name].append(row)


def _delete(name):
    return lambda files: files.pop(name)


def _replace(name, rows):
    def change(files):
        files[name] = rows

    return change


# (id, change to the base set, words of the error, (Excel row, column) or None)
CASES = [
    ("id_as_excel_number", _set(ROSTER, 1, "证件号码", 3.41182196001011e17), "15 significant digits", (2, "证件号码")),
    ("id_in_scientific_text", _set(ROSTER, 2, "证件号码", "3.41182E+17"), "15 significant digits", (3, "证件号码")),
    ("id_bad_check_digit", _set(ROSTER, 1, "证件号码", HEAD_ID[:17] + ("0" if HEAD_ID[17] != "0" else "1")), "wrong check character", (2, "证件号码")),
    ("id_too_short", _set(ROSTER, 1, "证件号码", HEAD_ID[:17]), "should have 18", (2, "证件号码")),
    ("id_impossible_birth_date", _set(ROSTER, 1, "证件号码", "34118219601301123X"), "does not exist", (2, "证件号码")),
    ("duplicate_person_number", _set(ROSTER, 2, "人编号", "P11"), "appears twice", (3, "人编号")),
    ("duplicate_id_number", _set(ROSTER, 3, "证件号码", HEAD_ID), "appears twice", (4, "证件号码")),
    ("unknown_attribute_label", _set(ROSTER, 3, "贫困户属性", "穷户"), "not a value this column takes", (4, "贫困户属性")),
    ("unknown_cause_label", _set(ROSTER, 1, "主要致贫原因", "懒"), "not a value this column takes", (2, "主要致贫原因")),
    ("bad_year", _set(ROSTER, 3, "识别年度", "去年"), "not a year", (4, "识别年度")),
    ("exited_without_exit_year", _set(ROSTER, 1, "脱贫年度", None), "no exit year", None),
    ("migrant_months_13", _set(ROSTER, 1, "务工时间(月)", 13), "between 0 and 12", (2, "务工时间(月)")),
    ("empty_name", _set(ROSTER, 3, "姓名", None), "may not be empty", (4, "姓名")),
    ("negative_income", _set(ROSTER, 3, "人均纯收入", -5), "cannot be negative", (4, "人均纯收入")),
    ("roster_missing_column", _drop_column(ROSTER, "证件号码"), "lacks a required column", None),
    ("village_not_in_villages_file", _set(ROSTER, 3, "行政村", "月亮村"), "not in the villages file", (4, "行政村")),
    ("no_villages_file", _delete(VILLAGES), "not in the villages file", None),
    ("village_code_11_digits", _set(VILLAGES, 1, "区划代码", "34118210820"), "12-digit", (2, "区划代码")),
    ("duplicate_village_code", _set(VILLAGES, 2, "区划代码", "341182108206"), "appears twice", (3, "区划代码")),
    ("negative_amount", _set(PAYMENTS, 1, "金额", -100), "must be more than 0", (2, "金额")),
    ("bad_payment_date", _set(PAYMENTS, 1, "发放日期", "2017-13-45"), "not a date", (2, "发放日期")),
    ("payment_after_snapshot", _set(PAYMENTS, 1, "发放日期", "2019-01-01"), "after the snapshot date", (2, "发放日期")),
    ("payment_unknown_household", _set(PAYMENTS, 2, "户编号", "H9"), "not in the roster", (3, "户编号")),
    ("payment_unknown_program", _set(PAYMENTS, 2, "项目类别", "发红包"), "not a value this column takes", (3, "项目类别")),
    ("helper_unknown_household", _set(HELPERS, 1, "帮扶户编号", "H1、H7"), "not in the roster", (2, "帮扶户编号")),
    ("duplicate_helper_number", _set(HELPERS, 2, "帮扶人编号", "A1"), "appears twice", (3, "帮扶人编号")),
    ("visit_unknown_helper", lambda f: f.update({"帮扶记录.csv": [["帮扶人编号", "户编号", "帮扶日期", "帮扶方式"], ["Z9", "H1", "2017-03-01", "走访"]]}), "not in the helpers file", (2, "帮扶人编号")),
    ("headers_of_no_kind", _replace(PAYMENTS, [["甲", "乙", "金额", "户编号"], [1, 2, 3, "H1"]]), "fit none of the kinds", None),
    ("header_without_rows", _replace(PAYMENTS, [["户编号", "项目类别", "金额", "发放日期"]]), "no data row", None),
    ("no_header_at_all", _replace(PAYMENTS, [["随便写写"], ["没有表头"]]), "No header this importer knows", None),
]  # fmt: skip


def _raw_file(name: str, content: bytes):
    def change(files):
        files[name] = content

    return change


RAW_CASES = [
    ("empty_file", _raw_file("空.csv", b""), "the file is empty"),
    ("binary_named_csv", _raw_file("资金.csv", b"PK\x03\x04\x00\x00binary\x00\x00"), "not a text (CSV) file"),
    ("neither_utf8_nor_gbk", _raw_file("乱码.csv", b"\xff\xfe\x80\x80\xff" * 20), "neither UTF-8 nor GBK"),
    ("damaged_xlsx", _raw_file("坏.xlsx", b"this is not a zip at all" * 10), "cannot be opened as an Excel (.xlsx)"),
    ("damaged_xls", _raw_file("坏.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00broken" * 80), "cannot be opened as an old Excel (.xls)"),
    ("web_page_xls_without_a_table", _raw_file("网页.xls", b"<html><body><p>\xe6\x97\xa0</p></body></html>"), "holds no table"),
    ("web_page_xls_of_no_kind", _raw_file("网页2.xls", b"<html><table><tr><td>1</td></tr></table></html>"), "No header this importer knows"),
    ("damaged_xml_xls", _raw_file("坏2.xls", b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet>'), "damaged"),
    ("unsupported_pdf", _raw_file("名单.pdf", b"%PDF-1.4 whatever"), "unsupported file type"),
]  # fmt: skip


def write_case(folder: Path, files: dict) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, rows in files.items():
        if isinstance(rows, bytes):
            (folder / name).write_bytes(rows)
            paths.append(folder / name)
        else:
            paths.append(write_rows(folder / name, rows))
    return paths


@pytest.fixture(scope="module")
def town_dir(tmp_path_factory) -> Path:
    """A data directory holding one earlier imported snapshot that must never change."""
    data_dir = tmp_path_factory.mktemp("town") / "data"
    files = write_set(tmp_path_factory.mktemp("good"), base_set())
    plan = plan_import(files, dt.date(2017, 12, 31))
    assert plan.ok, [p.message_en for p in plan.errors]
    write_import(data_dir, plan)
    return data_dir


def tree_digest(data_dir: Path) -> dict[str, str]:
    return {
        str(path.relative_to(data_dir)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(data_dir.rglob("*"))
        if path.is_file()
    }


def refuse(town_dir: Path, paths: list[Path]):
    """Plan and try to import; the import must be refused and the data directory unchanged."""
    before = tree_digest(town_dir)
    plan = plan_import(paths, SNAPSHOT_DATE)
    assert not plan.ok
    with pytest.raises(Exception):  # noqa: B017 - ImportRefused; what matters is nothing written
        write_import(town_dir, plan)
    assert tree_digest(town_dir) == before
    assert [info.snapshot_date for info in list_snapshots(town_dir)] == [dt.date(2017, 12, 31)]
    return plan


@pytest.mark.parametrize(
    ("change", "words", "where"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_file_is_refused_with_its_reason(tmp_path, town_dir, change, words, where):
    files = base_set()
    change(files)
    plan = refuse(town_dir, write_case(tmp_path, files))
    matching = [p for p in plan.errors if words in p.message_en]
    assert matching, [p.message_en for p in plan.errors]
    assert all(p.message_zh for p in matching)
    if where is not None:
        assert any((p.row, p.column) == where for p in matching), [
            (p.row, p.column) for p in matching
        ]


@pytest.mark.parametrize(
    ("change", "words"), [c[1:] for c in RAW_CASES], ids=[c[0] for c in RAW_CASES]
)
def test_unreadable_file_is_refused_with_its_reason(tmp_path, town_dir, change, words):
    files = base_set()
    change(files)
    plan = refuse(town_dir, write_case(tmp_path, files))
    assert any(words in p.message_en for p in plan.errors), [p.message_en for p in plan.errors]


def test_the_same_file_twice_is_refused(tmp_path, town_dir):
    paths = write_set(tmp_path, base_set())
    copy = tmp_path / "copy" / paths[0].name
    copy.parent.mkdir()
    copy.write_bytes(paths[0].read_bytes())
    plan = refuse(town_dir, [*paths, copy])
    assert any("same content" in p.message_en for p in plan.errors)


def test_the_corpus_is_large_enough():
    assert len(CASES) + len(RAW_CASES) + 1 >= 25


def test_import_into_the_demo_directory_is_refused(tmp_path, empty_tables):
    demo = tmp_path / "demo"
    write_snapshot(demo, dt.date(2018, 6, 30), empty_tables, {"kind": "demo"})
    before = tree_digest(demo)
    plan = plan_import(write_set(tmp_path / "files", base_set()), SNAPSHOT_DATE)
    assert plan.ok
    with pytest.raises(Exception, match="holds the demo"):
        write_import(demo, plan)
    assert tree_digest(demo) == before


def test_precision_lost_in_a_real_excel_number_cell(tmp_path, town_dir):
    """An ID typed into Excel as a number: the cell holds a float, shown as 3.41182E+17."""
    files = base_set()
    paths = write_case(tmp_path, files)
    roster = next(p for p in paths if p.name == ROSTER)
    workbook = openpyxl.load_workbook(roster)
    workbook.active["F2"] = 341182196001011234  # Excel would keep 3.41182196001011E+17
    workbook.active["F2"].number_format = "0.00E+00"
    workbook.active["F2"] = float(workbook.active["F2"].value)
    workbook.save(roster)
    plan = refuse(town_dir, paths)
    [problem] = [p for p in plan.errors if p.column == "证件号码"]
    assert problem.row == 2 and "3.41182E+17" in problem.message_zh
