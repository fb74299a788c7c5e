"""Contract v1.2, "Not in the source": a snapshot whose source did not carry some columns.

The hand-made town (tests/checks/fixture_town.py) is written twice: as it is, and with every
source-optional column of the contract NULL and listed in the manifest's `not_in_source`, as an
import of the monitoring system's person list writes them. Where a figure rests on such a
column, the overview, /progress, /programs, the deck and the narrative say "来源未提供 / not in
the source" instead of a 0 or a 0 %; the checks find nothing in the NULLs.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from checks.fixture_town import SNAPSHOT, clean_town, row, write_town
from streamlit.testing.v1 import AppTest

from dashboard import checks, contract
from dashboard.access import web
from dashboard.access.roles import Identity
from dashboard.data import open_database
from dashboard.evaluation.figures import compute
from dashboard.evaluation.narrative import build_narrative
from dashboard.evaluation.period import parse_period, resolve
from dashboard.evaluation.slides import build_slides
from dashboard.snapshots import lacking
from tests.builders import NOT_IN_SOURCE

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
TIMEOUT_SECONDS = 120  # the first run opens DuckDB and checks every rule on the snapshot
LABEL_ZH = "来源未提供"

# NOT_IN_SOURCE (tests/builders.py) is typed from the brief, not read from the code under test:
# a column dropped from the contract's list fails the first test.


def town() -> dict:
    """The clean town with B (not exited, 特困) planned to exit in 2018 with an income well above
    the line: one household planned this year, ready when every test of the standard is known."""
    rows = clean_town()
    household = row(rows, "households", "B")
    household["planned_exit_year"] = SNAPSHOT.year
    household["income_per_capita"] = Decimal("9000.00")
    return rows


@pytest.fixture(scope="module")
def known_dir(tmp_path_factory) -> Path:
    return write_town(town(), tmp_path_factory.mktemp("known") / "data")


@pytest.fixture(scope="module")
def unknown_dir(tmp_path_factory) -> Path:
    return write_town(
        town(), tmp_path_factory.mktemp("unknown") / "data", not_in_source=NOT_IN_SOURCE
    )


def test_the_contract_lets_a_source_leave_out_exactly_these_columns():
    for table, columns in NOT_IN_SOURCE.items():
        assert set(contract.table(table).source_optional_columns) == set(columns)


def test_the_data_layer_blanks_and_names_figures_on_columns_not_in_the_source(
    known_dir, unknown_dir
):
    known = open_database(known_dir)
    unknown = open_database(unknown_dir)
    try:
        before = known.run("exit_target_progress", snapshot_date=SNAPSHOT, year=SNAPSHOT.year)
        after = unknown.run("exit_target_progress", snapshot_date=SNAPSHOT, year=SNAPSHOT.year)
        causes = unknown.run("exits_by_cause", snapshot_date=SNAPSHOT)
        quality = unknown.run("evaluation_data_quality", snapshot_date=SNAPSHOT, village_code=None)
        doctors = unknown.run("gap_households_without_family_doctor", snapshot_date=SNAPSHOT)
    finally:
        known.close()
        unknown.close()
    # The town as it is: B is planned and ready, nothing is marked.
    assert lacking(before) == frozenset()
    assert before.iloc[0]["planned_households"] == 1
    assert before.iloc[0]["ready_households"] == 1
    # Without 住房/饮水/医保/文化程度, readiness is unknown: NULL and named, never 0.
    marked = lacking(after)
    assert {"ready_households", "not_ready_households", "housing_unsafe"} <= marked
    assert "income_below_line" not in marked and "planned_households" not in marked
    assert after.iloc[0]["ready_households"] is None
    assert after.iloc[0]["not_ready_households"] is None
    assert after.iloc[0]["planned_households"] == 1  # what the source did carry stays
    assert {"main_cause", "attribute"} <= lacking(causes)
    # A long result: the rows of the checks on a missing column are blank, the others stay.
    found = dict(zip(quality["check_id"], quality["found"], strict=True))
    assert found["uninsured_members"] is None and found["no_family_doctor"] is None
    assert found["size_mismatch"] == 0
    assert {"uninsured_members", "no_family_doctor"} <= lacking(quality)
    assert "rows" in lacking(doctors)  # a list of unknowns is not an empty list


def test_the_checks_find_nothing_in_columns_not_in_the_source(unknown_dir):
    """The clean town breaks no rule; with ten columns NULL it still breaks none."""
    database = open_database(unknown_dir)
    try:
        findings = checks.run_catalogue(database.run, SNAPSHOT)
    finally:
        database.close()
    assert findings.empty, findings[["rule_id", "detail"]].to_string()


def test_the_checks_still_fire_on_a_false_value(tmp_path):
    """The same rules on the town with one unsafe house: the check above can fail."""
    rows = town()
    row(rows, "households", "A")["housing_safe"] = False
    database = open_database(write_town(rows, tmp_path / "data"))
    try:
        findings = checks.run_catalogue(database.run, SNAPSHOT)
    finally:
        database.close()
    assert list(findings["household_id"]) == ["A"]


def open_app(monkeypatch, data_dir: Path, page: str | None = None) -> AppTest:
    """The whole app as an analyst of the whole directory (imported data asks for a sign-in:
    the session lookup is replaced by the identity, as tests/access/test_every_role_page.py
    does), on the overview or, after it, on `views/<page>.py`."""
    monkeypatch.setenv("TUOPIN_DATA", str(data_dir))
    monkeypatch.setenv("TUOPIN_INSTANCE", str(data_dir.parent / "instance"))
    identity = Identity("test-analyst", ("analyst",), "")
    monkeypatch.setattr(web, "_token", lambda: "a signed-in session")
    monkeypatch.setattr(web, "_signed_in", lambda _directory, _token: identity)
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS).run()
    if page is not None:
        app.switch_page(f"views/{page}.py").run()
    return app


def known_then_unknown(monkeypatch, known_dir: Path, unknown_dir: Path, page: str) -> AppTest:
    """The page on the town as it is (it runs and says nothing is missing from the source),
    then the page on the town without the source-optional columns, which runs: returned."""
    before = open_app(monkeypatch, known_dir, page)
    assert not before.exception
    assert not any(LABEL_ZH in info.value for info in before.info)
    app = open_app(monkeypatch, unknown_dir, page)
    assert not app.exception
    return app


def shown_text(app: AppTest) -> str:
    parts = [e.value for e in (*app.markdown, *app.caption, *app.info, *app.success)]
    return "\n".join(str(part) for part in parts)


def test_overview_says_not_in_the_source_for_the_exit_standard(monkeypatch, known_dir, unknown_dir):
    before = open_app(monkeypatch, known_dir)
    assert not before.exception
    values = {metric.label: metric.value for metric in before.metric}
    assert values["已达脱贫标准"] == "1 户"
    assert values["尚未达标"] == "0 户"

    app = open_app(monkeypatch, unknown_dir)
    assert not app.exception
    values = {metric.label: metric.value for metric in app.metric}
    assert values["计划本年脱贫"] == "1 户"
    assert values["已达脱贫标准"] == LABEL_ZH
    assert values["尚未达标"] == LABEL_ZH
    text = shown_text(app)
    assert f"住房安全、饮水安全、基本医疗保险、义务教育（文化程度）：{LABEL_ZH}" in text
    assert "0 户" not in values["已达脱贫标准"] + values["尚未达标"]
    assert "住房不安全 0 户" not in text


def test_progress_says_not_in_the_source_for_the_causes(monkeypatch, known_dir, unknown_dir):
    app = known_then_unknown(monkeypatch, known_dir, unknown_dir, "progress")
    assert app.title[0].value == "脱贫进度"
    assert any(LABEL_ZH in info.value for info in app.info)


def test_programs_gaps_say_not_in_the_source_not_none(monkeypatch, unknown_dir):
    app = open_app(monkeypatch, unknown_dir, "programs")
    assert not app.exception
    # doctor, insurance, housing and migrants: unknown lists, not empty ones
    assert sum(LABEL_ZH in info.value for info in app.info) == 4
    labels = [tab.label for tab in app.tabs]
    assert f"家庭医生 · {LABEL_ZH}" in labels
    assert "雨露计划 · 0" in labels  # school_stage came with the source: none missed


def evaluation(data_dir: Path):
    database = open_database(data_dir)
    try:
        periods = resolve(parse_period("2018H1"), database.snapshots)
        return compute(database.run, periods, None)
    finally:
        database.close()


def test_narrative_and_deck_say_not_in_the_source(known_dir, unknown_dir):
    known = build_narrative(evaluation(known_dir), "zh")
    assert "贫困户家庭医生签约服务达100%" in known
    figures = evaluation(unknown_dir)
    narrative = build_narrative(figures, "zh")
    assert f"贫困户家庭医生签约情况：{LABEL_ZH}" in narrative
    assert "签约服务达" not in narrative and "达0%" not in narrative
    english = build_narrative(figures, "en")
    assert "Family-doctor contracts of poor households: not in the source" in english

    quality = next(slide for slide in build_slides(figures, "zh") if slide.key == "quality")
    rows = dict(quality.table)
    assert rows["未参加医疗保险的人"] == LABEL_ZH
    assert rows["未签约家庭医生的户"] == LABEL_ZH
    assert rows["户人数与成员记录不符的户"] == "0"  # a check on columns the source carried


def test_quality_page_names_the_rules_that_cannot_tell(monkeypatch, known_dir, unknown_dir):
    app = known_then_unknown(monkeypatch, known_dir, unknown_dir, "quality")
    notes = [info.value for info in app.info if LABEL_ZH in info.value]
    assert len(notes) == 1
    # C01 (exited, unsafe housing) reads housing_safe; C12 (member without a name) reads nothing
    # a source may leave out.
    rules = {rule.query: rule.rule_id for rule in checks.catalogue()}
    assert rules["checks/exited_unsafe_housing"] in notes[0]
    assert f"{rules['checks/member_fields_empty']} " not in notes[0]
