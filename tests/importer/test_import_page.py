"""The /import page driven with AppTest: check shows the mapping and problems; confirm writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.importer.headers import KINDS, Mapping
from dashboard.importer.kinds import recognise
from dashboard.importer.readers import Sheet, locate_table
from dashboard.importer.run import plan_import
from dashboard.importer.templates import kind_markdown, template_bytes
from dashboard.snapshots import list_snapshots
from tests.importer.files import SNAPSHOT_DATE, base_set, write_set

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "dashboard" / "views" / "data_import.py")


def open_page(monkeypatch, data_dir: Path, lang: str = "zh") -> AppTest:
    monkeypatch.setenv("TUOPIN_DATA", str(data_dir))
    app = AppTest.from_file(PAGE, default_timeout=60)
    app.query_params["lang"] = lang
    return app.run()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_opens_with_nothing_to_show(monkeypatch, tmp_path, lang):
    app = open_page(monkeypatch, tmp_path / "town", lang)
    assert not app.exception
    assert app.title[0].value == ("数据导入" if lang == "zh" else "Import data")
    assert not app.metric


def test_a_plan_with_errors_is_shown_and_cannot_be_confirmed(monkeypatch, tmp_path):
    files = base_set()
    files["资金发放台账.xlsx"][1][3] = -100
    plan = plan_import(write_set(tmp_path / "files", files), SNAPSHOT_DATE)
    app = open_page(monkeypatch, tmp_path / "town", "en")
    app.session_state["import_plan"] = plan
    app.run()
    assert not app.exception
    assert {m.label: m.value for m in app.metric}["Errors"] == "1"
    assert any("nothing was written" in e.value for e in app.error)
    assert not [b for b in app.button if b.key == "import_confirm"]
    problems = [frame.value for frame in app.dataframe if "Message" in frame.value.columns]
    assert problems and "must be more than 0" in problems[0]["Message"].iloc[0]
    assert problems[0]["First rows"].iloc[0] == "2" and problems[0]["Rows"].iloc[0] == 1
    assert [b for b in app.get("download_button") if b.proto.label.startswith("Download every")]


def test_suggested_defaults_are_shown_and_accepted_in_one_action(monkeypatch, tmp_path):
    files = base_set()
    roster = files["贫困人口信息表.xlsx"]
    for row in roster[1:]:
        row[roster[0].index("务工状况")] = None
    roster[2][roster[0].index("在校生状况")] = "小学三年级"
    plan = plan_import(write_set(tmp_path / "files", files), SNAPSHOT_DATE)
    data_dir = tmp_path / "town"
    app = open_page(monkeypatch, data_dir, "en")
    app.session_state["import_plan"] = plan
    app.run()
    assert not app.exception
    [suggestions] = [f.value for f in app.dataframe if f.value.columns[0] == "Severity" and
                     (f.value["Imported as"] != "").all() and len(f.value) == 2]  # fmt: skip
    by_column = {row["Column"]: row for _, row in suggestions.iterrows()}
    assert by_column["务工状况"]["Rows"] == 3 and by_column["务工状况"]["First rows"] == "2, 3, 4"
    assert by_column["务工状况"]["Imported as"] == "未外出务工"
    assert by_column["在校生状况"]["Imported as"] == "小学"
    assert not list_snapshots(data_dir)  # shown before anything is written
    [confirm] = [b for b in app.button if b.key == "import_confirm"]
    assert confirm.label == "Accept the 2 suggestions and import"
    confirm.click().run()
    assert not app.exception
    [info] = list_snapshots(data_dir)
    assert info.row_counts["members"] == 3


def test_a_clean_plan_is_confirmed_and_written(monkeypatch, tmp_path):
    plan = plan_import(write_set(tmp_path / "files", base_set()), SNAPSHOT_DATE)
    data_dir = tmp_path / "town"
    app = open_page(monkeypatch, data_dir)
    app.session_state["import_plan"] = plan
    app.run()
    assert not app.exception
    assert any(h.value == "表头对应" for h in app.subheader)
    assert not list_snapshots(data_dir)  # nothing before confirming
    [confirm] = [b for b in app.button if b.key == "import_confirm"]
    confirm.click().run()
    assert not app.exception
    [info] = list_snapshots(data_dir)
    assert info.snapshot_date == SNAPSHOT_DATE and info.row_counts["members"] == 3
    assert any("已写入" in s.value for s in app.success)


@pytest.mark.parametrize("kind", KINDS)
def test_each_template_is_recognised_as_its_kind(kind, tmp_path):
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(template_bytes(kind)))
    rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    layout = locate_table(Sheet("t.xlsx", "t", rows))
    assert layout.header_rows == (2,)
    assert recognise(layout.headers, "t.xlsx", Mapping()).kind == kind


@pytest.mark.parametrize("kind", KINDS)
def test_docs_pages_are_up_to_date(kind):
    """docs/import/<kind>.md is generated: regenerate with python -m dashboard.importer.templates."""
    assert (ROOT / "docs" / "import" / f"{kind}.md").read_text("utf-8") == kind_markdown(kind)


def test_a_guessed_column_is_shown_and_confirmed_before_anything_is_written(monkeypatch, tmp_path):
    """The 2019 forms: 致贫主因 is only a guess (from its values); the page shows it with how sure
    and a few values, offers no confirm button, and writes after the analyst checks the columns
    again; the confirmed layout is then kept in the data directory."""
    from dashboard.importer.run import LAYOUTS_FOLDER, plan_uploaded
    from tests.importer.national_export import SNAPSHOT_DATE as TOWN_DATE
    from tests.importer.national_export import generate_town, write_2019_forms

    paths = write_2019_forms(generate_town(120, seed=31), tmp_path)
    uploads = [(path.name, path.read_bytes()) for path in paths]
    town = tmp_path / "town"
    app = open_page(monkeypatch, town, "en")
    app.session_state["import_uploads"] = uploads
    app.session_state["import_plan"] = plan_uploaded(uploads, TOWN_DATE)
    app.run()
    assert not app.exception
    assert any("1 columns are guesses" in w.value for w in app.warning)
    assert not [b for b in app.button if b.key == "import_confirm"]
    frames = [element.value for element in app.dataframe]
    guessed = [f for f in frames if "header" in f.columns and "致贫主因" in set(f["header"])]
    row = guessed[0].set_index("header").loc["致贫主因"]
    assert row["use_as"].startswith("main_cause") and row["confidence"] == "60%"
    assert row["values"]  # a few of its values shown
    app.button(key="import_apply_mapping").click().run()
    assert not app.exception
    assert not any("guesses" in w.value for w in app.warning)
    app.button(key="import_confirm").click().run()
    assert not app.exception
    assert [info.snapshot_date for info in list_snapshots(town)] == [TOWN_DATE]
    assert len(list((town / LAYOUTS_FOLDER).glob("*.toml"))) == 3
