"""Every audited action writes its entry: lists shown, downloads, decks and narratives (pages
and `tuopin deck|narrative`), imports; and the bad inputs of issue 12 refused and logged."""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.access import accounts, audit, web
from dashboard.access.sessions import create_session
from dashboard.access.store import open_store
from dashboard.ui.components import audited
from tests.evaluation.commands import run_evaluation

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
TIMEOUT_SECONDS = 90
PASSWORD = "correct horse battery"
VILLAGE = "341182108206"
LATEST = dt.date(2018, 6, 30)


def signed_in(monkeypatch, demo_dir, instance, name, roles, area=""):
    user = accounts.add_user(instance, name, PASSWORD, roles=roles, area=area, actor="t")
    token = create_session(instance, user)
    monkeypatch.setenv("TUOPIN_DATA", str(demo_dir))
    monkeypatch.setattr(web, "_token", lambda: token)
    return AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS)


def events(store, event):
    return [entry for entry in audit.entries(store) if entry.event == event]


def test_a_list_of_households_shown_is_recorded_once_with_its_rows(monkeypatch, demo_dir, instance):
    app = signed_in(monkeypatch, demo_dir, instance, "leader1", ("leader",))
    app.run()
    app.switch_page("views/programs.py").run()
    assert not app.exception
    app.run()  # a rerun is not a second showing
    shown = events(instance, "list.shown")
    queries = [entry.detail["query"] for entry in shown]
    assert "queries/programs_possible_double_payments.sql" in queries
    assert len(queries) == len(set(queries))
    assert all(entry.actor == "leader1" and entry.detail["rows"] > 0 for entry in shown)


def test_a_visitor_is_shown_no_list_so_none_is_recorded(monkeypatch, demo_dir, instance):
    app = signed_in(monkeypatch, demo_dir, instance, "visitor1", ("viewer",))
    app.run()
    app.switch_page("views/programs.py").run()
    assert not app.exception
    assert events(instance, "list.shown") == []


def test_a_download_is_recorded_when_the_file_is_made_not_when_the_button_is_drawn(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    store = open_store(data_dir)
    import os

    os.environ["TUOPIN_DATA"] = str(data_dir)
    try:
        make = audited(lambda: b"a,b\n1,2\n", "download", what="villages", format="csv", rows=1)
        assert events(store, "download") == []
        assert make() == b"a,b\n1,2\n"
    finally:
        del os.environ["TUOPIN_DATA"]
    (entry,) = events(store, "download")
    assert entry.detail == {"what": "villages", "format": "csv", "rows": 1}
    assert entry.actor == f"cli:{getpass.getuser()}"


def run_cli(argv: list[str]) -> int:
    return run_evaluation(argv, refusal_exit_code=False)


def test_tuopin_deck_and_narrative_are_recorded(demo_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("TUOPIN_INSTANCE", str(tmp_path / "instance"))
    store = open_store(folder=tmp_path / "instance")
    out = tmp_path / "deck.pptx"
    common = ["--data", str(demo_dir), "--period", "2018H1"]
    assert run_cli(["deck", *common, "--no-map", "--out", str(out)]) == 0
    assert run_cli(["narrative", *common]) == 0
    (deck,) = events(store, "deck.made")
    assert deck.detail["what"] == "deck.pptx" and deck.detail["slides"] > 5
    assert deck.actor == f"cli:{getpass.getuser()}"
    (narrative,) = events(store, "narrative.made")
    assert narrative.detail["format"] == "md"


def first_household(demo_sql, where: str) -> str:
    """The smallest household number of the latest snapshot where `where` holds ($v: VILLAGE)."""
    return demo_sql.sql(
        f"select min(household_id) from households where snapshot_date = $d and {where}",
        params={"d": LATEST, "v": VILLAGE},
    ).fetchall()[0][0]


def visitor_asking_for(monkeypatch, demo_dir, instance, household: str):
    """The overview as visitor1 (a viewer of VILLAGE) with ?household=`household`; it ran."""
    app = signed_in(monkeypatch, demo_dir, instance, "visitor1", ("viewer",), VILLAGE)
    app.query_params["household"] = household
    app.run()
    assert not app.exception
    return app


def test_a_visitor_calling_a_page_with_a_household_outside_their_area_is_refused(
    monkeypatch, demo_dir, demo_sql, instance
):
    outside = first_household(demo_sql, "village_code <> $v")
    app = visitor_asking_for(monkeypatch, demo_dir, instance, outside)
    assert "不允许访问" in [header.value for header in app.header]
    assert any(outside in error.value and "不在您的区域" in error.value for error in app.error)
    assert len(app.metric) == 0  # the page did not run
    (refused,) = events(instance, "access.refused")
    assert refused.actor == "visitor1"
    assert refused.detail == {"reason": "household outside area", "household_id": outside}


def test_a_household_inside_the_area_does_not_stop_a_visitors_page(
    monkeypatch, demo_dir, demo_sql, instance
):
    inside = first_household(demo_sql, "village_code = $v")
    app = visitor_asking_for(monkeypatch, demo_dir, instance, inside)
    assert len(app.metric) > 0
    assert events(instance, "access.refused") == []


def test_a_10000_character_household_is_refused_and_the_server_answers(
    monkeypatch, demo_dir, instance
):
    app = signed_in(monkeypatch, demo_dir, instance, "leader1", ("leader",))
    app.query_params["household"] = "x' or 1=1 --" * 900
    app.run()
    assert not app.exception
    assert "不允许访问" in [header.value for header in app.header]
    (refused,) = events(instance, "access.refused")
    assert len(refused.detail["household_id"]) <= 64


def test_an_admin_without_a_data_role_opening_a_household_is_refused_and_logged(
    monkeypatch, demo_dir, demo_sql, instance
):
    """The /household URL itself is the not-permitted page in an admin's navigation (the
    browser test types it); a household link on the admin's own page is refused here."""
    household = demo_sql.sql(
        "select min(household_id) from households where snapshot_date = $d", params={"d": LATEST}
    ).fetchall()[0][0]
    app = signed_in(monkeypatch, demo_dir, instance, "admin1", ("admin",))
    app.query_params["household"] = household
    app.run()
    assert not app.exception
    assert "不允许访问" in [header.value for header in app.header]
    assert len(app.dataframe) == 0
    (refused,) = events(instance, "access.refused")
    assert refused.actor == "admin1" and refused.detail["household_id"] == household
