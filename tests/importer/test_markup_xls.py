"""An .xls that is really a web page or an Excel 2003 XML workbook reads like any sheet."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.importer.readers import read_file
from dashboard.importer.run import plan_import
from tests.importer.files import base_set, html_table, spreadsheet_xml, write_rows
from tests.importer.test_good_files import SNAPSHOT_DATE, check_tables


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_web_pages_named_xls(tmp_path: Path, encoding: str):
    files = []
    for name, rows in base_set().items():
        path = tmp_path / (Path(name).stem + ".xls")
        charset = "gb2312" if encoding == "gbk" else "utf-8"
        path.write_bytes(html_table(rows, title=Path(name).stem, charset=charset).encode(encoding))
        files.append(path)
    check_tables(plan_import(files, SNAPSHOT_DATE))


def test_spreadsheetml_named_xls(tmp_path: Path):
    files = []
    for name, rows in base_set().items():
        path = tmp_path / (Path(name).stem + ".xls")
        path.write_text(spreadsheet_xml(rows), "utf-8")
        files.append(path)
    check_tables(plan_import(files, SNAPSHOT_DATE))


def test_a_web_page_with_spans_reads_as_the_grid_excel_shows(tmp_path: Path):
    page = (
        "<table><tr><td colspan=3>贫困人口信息表</td></tr>"
        "<tr><td rowspan=2>户编号</td><td colspan=2>成员信息</td></tr>"
        "<tr><td>姓名</td><td>与户主<br>关系</td></tr>"
        "<tr><td>H1</td><td>张&amp;三</td><td>户主</td></tr></table>"
    )
    path = tmp_path / "a.xls"
    path.write_text(page, "utf-8")
    [sheet] = read_file(path)
    assert sheet.rows == [
        ["贫困人口信息表"] * 3,
        ["户编号", "成员信息", "成员信息"],
        ["户编号", "姓名", "与户主\n关系"],
        ["H1", "张&三", "户主"],
    ]


def test_an_id_number_in_a_web_page_stays_text(tmp_path: Path):
    rows = base_set()["贫困人口信息表.xlsx"]
    path = tmp_path / "r.xls"
    path.write_text(html_table(rows), "utf-8")
    [sheet] = read_file(path)
    assert sheet.rows[1][5] == rows[1][5] and isinstance(sheet.rows[1][5], str)


def test_an_id_typed_as_a_number_in_xml_is_refused(tmp_path: Path):
    files = base_set()
    roster = files["贫困人口信息表.xlsx"]
    roster[1][5] = 3.41182196001011e17
    paths = []
    for name, rows in files.items():
        path = tmp_path / (Path(name).stem + ".xls")
        path.write_text(spreadsheet_xml(rows), "utf-8")
        paths.append(path)
    plan = plan_import(paths, SNAPSHOT_DATE)
    assert not plan.ok
    assert any("15 significant digits" in p.message_en and p.row == 2 for p in plan.errors)


def test_tab_separated_text_named_xls(tmp_path: Path):
    files = []
    for name, rows in base_set().items():
        path = tmp_path / (Path(name).stem + ".xls")
        text = "\n".join("\t".join("" if v is None else str(v) for v in row) for row in rows)
        path.write_bytes(text.encode("gbk"))
        files.append(path)
    check_tables(plan_import(files, SNAPSHOT_DATE))


def test_an_xlsx_renamed_xls(tmp_path: Path):
    files = []
    for name, rows in base_set().items():
        real = write_rows(tmp_path / (Path(name).stem + ".xlsx"), rows)
        files.append(real.rename(real.with_suffix(".xls")))
    check_tables(plan_import(files, SNAPSHOT_DATE))
