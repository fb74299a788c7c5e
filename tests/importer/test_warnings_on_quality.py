"""Warnings of an import are kept with its snapshot and listed on /quality, masked.

The town is tests/importer/files.py's; the one warning is made here (人数 3 for a household of
two rows), and the expected file, row, column and value are typed by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from signed_in import sign_in
from streamlit.testing.v1 import AppTest

from dashboard.charts import quality as charts
from dashboard.importer import run
from dashboard.importer.run import plan_import, write_import
from dashboard.masking import mask as mask_value
from dashboard.snapshots import list_snapshots
from tests.importer.files import OTHER_ID, SNAPSHOT_DATE, base_set, write_set

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "dashboard" / "views" / "quality.py")
TIMEOUT_SECONDS = 180  # the page runs the whole check catalogue on the snapshot
SIZE = 6  # the roster's 人数 column (0-based)
SEX = 8  # the roster's 性别 column


def import_town(folder: Path, *, size_of_h1: int = 2, sex_of_p12: str = "女") -> Path:
    """Import the small town into `folder/data`; H1's 人数 and P12's 性别 as given."""
    files = base_set()
    roster = files["贫困人口信息表.xlsx"]
    for row in roster[1:3]:  # H1's two rows
        row[SIZE] = size_of_h1
    roster[2][SEX] = sex_of_p12
    plan = plan_import(write_set(folder / "files", files), SNAPSHOT_DATE)
    assert plan.ok, [problem.message_en for problem in plan.errors]
    data_dir = folder / "data"
    write_import(data_dir, plan)
    return data_dir


def source_of(data_dir: Path) -> dict:
    (info,) = list_snapshots(data_dir)
    return info.manifest["source"]


def open_page(monkeypatch, data_dir: Path, lang: str = "zh") -> AppTest:
    monkeypatch.setenv("TUOPIN_DATA", str(data_dir))
    app = sign_in(AppTest.from_file(PAGE, default_timeout=TIMEOUT_SECONDS))
    app.query_params["lang"] = lang
    return app.run()


def test_the_manifest_keeps_the_warning_with_its_place(tmp_path):
    source = source_of(import_town(tmp_path, size_of_h1=3))
    assert source["warnings_total"] == 1
    (warning,) = source["warnings"]
    assert warning["file"] == "贫困人口信息表.xlsx"
    assert warning["sheet"] == "Sheet"  # openpyxl's name for a new workbook's sheet
    assert warning["row"] == 2  # Excel's row of H1's first line, under the header in row 1
    assert warning["column"] == "人数"
    assert warning["value"] == "3"
    assert "H1" in warning["message_zh"] and "3" in warning["message_zh"]
    assert "H1" in warning["message_en"]


def test_a_clean_import_keeps_an_empty_list(tmp_path):
    source = source_of(import_town(tmp_path))
    assert source["warnings"] == [] and source["warnings_total"] == 0


def test_only_the_first_warnings_are_kept_with_the_total(tmp_path, monkeypatch):
    monkeypatch.setattr(run, "MAX_KEPT_WARNINGS", 1)
    source = source_of(import_town(tmp_path, size_of_h1=3, sex_of_p12="男"))
    assert source["warnings_total"] == 2
    assert len(source["warnings"]) == 1
    note = charts.import_warnings_note(source, "en")
    assert "2" in note and "first 1" in note


def test_personal_values_are_masked():
    assert mask_value("name", "张德才") == "张**"
    assert mask_value("name", "欧阳") == "欧**"
    assert mask_value("id_number", OTHER_ID) == "341182********" + OTHER_ID[-4:]
    assert mask_value("phone", "13912345678") == "139****5678"
    # an ID number in any other cell is masked too; other values stay as written
    assert mask_value("households", f"H1 {OTHER_ID}") == f"H1 341182********{OTHER_ID[-4:]}"
    assert mask_value("size", "3") == "3"
    assert mask_value("name", None) is None


def test_the_page_lists_the_warning(tmp_path, monkeypatch):
    app = open_page(monkeypatch, import_town(tmp_path, size_of_h1=3))
    assert not app.exception
    assert "导入时的警告" in [header.value for header in app.header]
    (listed,) = [frame.value for frame in app.dataframe if "行号" in frame.value.columns]
    assert len(listed) == 1
    row = listed.iloc[0]
    assert (row["文件"], row["工作表"], row["行号"], row["列"], row["值"]) == (
        "贫困人口信息表.xlsx",
        "Sheet",
        2,
        "人数",
        "3",
    )
    assert "名单中有 2 人" in row["问题"]
    assert any("1 条警告" in caption.value for caption in app.caption)


def test_the_page_in_english(tmp_path, monkeypatch):
    app = open_page(monkeypatch, import_town(tmp_path, sex_of_p12="男"), lang="en")
    assert not app.exception
    assert "Warnings from the import" in [header.value for header in app.header]
    (listed,) = [frame.value for frame in app.dataframe if "Row" in frame.value.columns]
    row = listed.iloc[0]
    assert (row["Row"], row["Column"], row["Value"]) == (3, "性别", "男")
    assert row["Problem"].startswith("The sex disagrees with the ID number")


def test_the_page_says_when_the_import_had_no_warning(tmp_path, monkeypatch):
    app = open_page(monkeypatch, import_town(tmp_path))
    assert not app.exception
    assert "导入本期快照时没有任何警告。" in [info.value for info in app.info]
    assert not [frame for frame in app.dataframe if "行号" in frame.value.columns]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ({"kind": "demo", "seed": 1}, "不是从建档立卡导出文件导入的"),
        ({"kind": "import", "files": [], "warnings": 4}, "只记录了条数"),
        ({"kind": "import", "files": [], "warnings": [], "warnings_total": 0}, "没有任何警告"),
    ],
)
def test_snapshots_without_a_list_say_why(source, expected):
    assert charts.import_warnings_frame(source, "zh").empty
    assert expected in charts.import_warnings_note(source, "zh")
