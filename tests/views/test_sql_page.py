"""The SQL console page (/sql) driven headless with AppTest: run, refuse, mask, examples, schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import contract
from tests import pages
from tests.test_sandbox import ESCAPE_ATTEMPTS, PROBE_DIR, escape, personal_values

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "dashboard" / "views" / "sql_console.py")
TIMEOUT_SECONDS = 60


def open_console(monkeypatch: pytest.MonkeyPatch, data_dir: Path, **query_params: str) -> AppTest:
    return pages.open_page(monkeypatch, data_dir, PAGE, query_params, timeout=TIMEOUT_SECONDS)


def run_sql(app: AppTest, sql: str) -> AppTest:
    app.text_area[0].set_value(sql)
    app.run()
    app.button[0].click()
    return app.run()


def result_frame(app: AppTest):
    """The result table: drawn after the schema browser's one table per contract table."""
    tables = list(app.dataframe)
    assert len(tables) == len(contract.TABLES) + 1, "no result table on the page"
    return tables[-1].value


def test_page_runs_a_query_and_shows_the_answer(monkeypatch, demo_dir):
    app = open_console(monkeypatch, demo_dir)
    assert not app.exception
    assert app.title[0].value == "SQL 控制台"
    app = run_sql(app, "select count(*) as n from households where snapshot_date = $snapshot_date")
    assert not app.exception
    assert not app.error
    assert int(result_frame(app)["n"].iloc[0]) == 650
    assert any("1 行" in caption.value for caption in app.caption)
    assert app.text_input[0].label == "\\$snapshot_date"
    assert app.text_input[0].value == "2018-06-30"


def test_a_parameter_box_changes_the_bound_value(monkeypatch, demo_dir):
    app = open_console(monkeypatch, demo_dir, snapshot="2017-12-31")
    sql = "select count(*) as n from households where status = 'exited' and exit_year = $year"
    app.text_area[0].set_value(sql)
    app.run()
    assert app.text_input[0].value == "2017"  # $year defaults to the snapshot's year
    app.button[0].click()
    app.run()
    assert int(result_frame(app)["n"].iloc[0]) == 99
    app.text_input[0].set_value("2014")
    app.button[0].click()
    app.run()
    assert int(result_frame(app)["n"].iloc[0]) == 167


@pytest.mark.parametrize("template", ESCAPE_ATTEMPTS[::3])
def test_escapes_give_a_message_not_a_traceback(monkeypatch, demo_dir, template):
    app = open_console(monkeypatch, demo_dir)
    app = run_sql(app, escape(template, demo_dir))
    assert not app.exception
    assert app.error, "no message for a refused statement"
    for path in (PROBE_DIR, Path(f"{PROBE_DIR}.csv"), Path(f"{PROBE_DIR}.db")):
        assert not path.exists()
    app = run_sql(app, "select count(*) as n from members")
    assert not app.error
    assert int(result_frame(app)["n"].iloc[0]) == 1372


def test_masking_holds_on_the_page(monkeypatch, demo_dir, demo_sql):
    app = open_console(monkeypatch, demo_dir)
    app = run_sql(app, "select m.name, m.id_number, h.name as helper from members m, helpers h")
    shown = result_frame(app).to_csv(index=False)
    for secret in personal_values(demo_sql):
        assert secret not in shown
    assert len(result_frame(app)) == 10_000  # the first rows only; the download holds them all
    assert app.info and "10,000" in app.info[0].value


def test_an_example_from_the_url_opens_and_runs(monkeypatch, demo_dir):
    app = open_console(monkeypatch, demo_dir, example="exits_by_year")
    assert "exits_by_year" in app.text_area[0].value
    app.button[0].click()
    app.run()
    frame = result_frame(app)
    assert dict(zip(frame["exit_year"], frame["households"], strict=True)) == {
        2014: 167,
        2015: 114,
        2016: 65,
        2017: 99,
    }


def test_choosing_an_example_loads_its_sql(monkeypatch, demo_dir):
    app = open_console(monkeypatch, demo_dir)
    assert app.text_area[0].value == ""
    app.selectbox[0].set_value("household_totals").run()
    assert "household_totals" in app.text_area[0].value
    assert app.query_params["example"] in ("household_totals", ["household_totals"])


def test_schema_lists_every_table_and_column_with_labels(monkeypatch, demo_dir):
    app = open_console(monkeypatch, demo_dir, lang="en")
    assert app.title[0].value == "SQL console"
    frames = [table.value for table in app.dataframe]
    assert len(frames) == len(contract.TABLES)  # no result yet: every table is the schema's
    schema_tables = dict(zip(contract.TABLE_NAMES, frames, strict=True))
    for spec in contract.TABLES:
        frame = schema_tables[spec.name]
        assert list(frame["Column"]) == [*spec.column_names, "snapshot_date"]
        assert not any(label.startswith("sql.column") for label in frame["Meaning"]), spec.name
    members = schema_tables["members"].set_index("Column")
    assert members.loc["id_number", "Masked"] == "✓"
    assert members.loc["sex", "Masked"] == ""


def test_a_timeout_is_told(monkeypatch, demo_dir):
    monkeypatch.setattr("dashboard.sandbox.TIME_LIMIT_SECONDS", 1.0)
    app = open_console(monkeypatch, demo_dir, lang="en")
    app = run_sql(app, "select count(*) from range(10000000000000)")
    assert not app.exception
    assert app.error and "stopped" in app.error[0].value


def test_no_snapshot_says_so(monkeypatch, tmp_path):
    app = open_console(monkeypatch, tmp_path)
    assert not app.exception
    assert app.warning and "tuopin demo" in app.warning[0].value


def test_the_pages_area_is_what_the_console_holds(monkeypatch, county_dir, county_files):
    """An analyst who drilled into a town (?area=) queries that town's households only."""
    town, households = county_files.execute(
        "select v.town_code, count(*) from households as h join villages as v "
        "using (village_code) group by all order by 2, 1 limit 1"
    ).fetchone()
    town_name = county_files.execute(
        "select min(town_name) from villages where town_code = ?", [town]
    ).fetchone()[0]
    app = open_console(monkeypatch, county_dir, area=town, lang="en")
    assert not app.exception
    assert any(f"Querying: {town_name}" in caption.value for caption in app.caption)
    app = run_sql(app, "select count(*) as n from households")
    assert not app.exception
    assert not app.error
    assert int(result_frame(app)["n"].iloc[0]) == households


def test_an_area_too_large_is_told_on_the_page(monkeypatch, county_dir, county_files):
    from tests.test_sandbox import SMALL_MEMORY_LIMIT

    total = county_files.execute("select count(*) from households").fetchone()[0]
    monkeypatch.setattr("dashboard.sandbox.MEMORY_LIMIT", SMALL_MEMORY_LIMIT)
    app = open_console(monkeypatch, county_dir, lang="en")
    app = run_sql(app, "select count(*) as n from households")
    assert not app.exception
    message = app.error[0].value
    assert f"{total:,} households" in message and "sidebar's area picker" in message
