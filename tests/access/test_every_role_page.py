"""Every role × every page it may open × the demo town and the county demo: no exception.

The whole app (`dashboard/app.py`, its navigation and sidebar) runs under AppTest with each
demo account's identity and area, as `tuopin serve` signs them in: the session lookup is
replaced by the identity (signing in itself is tested in test_access_app and the e2e tests).
Each role's first page opens at `/`, then every other page of its navigation in turn, the way
a user clicks down the sidebar. A link a page draws to a page the role may not open is a
`StreamlitPageNotFoundError` here (a helper's overview linked to /progress).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import plotly.io
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.access import web
from dashboard.access.roles import Identity
from dashboard.i18n import text
from dashboard.ui.navigation import NAVIGATION

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
TIMEOUT_SECONDS = 180  # a county page on a busy 2-core machine
ACCOUNTS = ("leader", "village-leader", "analyst", "helper", "viewer", "admin")


def busiest(data_dir: Path) -> tuple[str, str]:
    """The demo accounts' links, read from the Parquet files with plain DuckDB: the helper
    responsible for the most households and the village with the most (latest snapshot)."""
    latest = sorted((data_dir / "snapshots").glob("snapshot_date=*"))[-1]
    files = [str(latest / "households.parquet")]
    files += sorted(str(part) for part in (latest / "households").glob("*.parquet"))
    files = [name for name in files if Path(name).is_file()]
    connection = duckdb.connect()
    connection.read_parquet(files).create_view("households")
    helper = connection.sql(
        "select helper_id from households where helper_id is not null "
        "group by helper_id order by count(*) desc, helper_id limit 1"
    ).fetchall()[0][0]
    village = connection.sql(
        "select village_code from households group by village_code "
        "order by count(*) desc, village_code limit 1"
    ).fetchall()[0][0]
    connection.close()
    return helper, village


def identity_of(account: str, data_dir: Path) -> Identity:
    helper, village = busiest(data_dir)
    return {
        "leader": Identity("demo-leader", ("leader",), ""),
        "village-leader": Identity("demo-village", ("leader",), village),
        "analyst": Identity("demo-analyst", ("analyst",), ""),
        "helper": Identity("demo-helper", ("helper",), "", helper),
        "viewer": Identity("demo-viewer", ("viewer",), ""),
        "admin": Identity("demo-admin", ("admin",), ""),
    }[account]


def pages_of(identity: Identity) -> list[tuple[str, str]]:
    """(url path, page file) of every page in this identity's navigation, in sidebar order."""
    return [
        (url_path, f"views/{module}")
        for _section, url_path, module, _key in NAVIGATION
        if identity.may_open(url_path)
    ]


def open_app(monkeypatch, tmp_path, data_dir: Path, identity: Identity) -> AppTest:
    monkeypatch.setenv("TUOPIN_DATA", str(data_dir))
    monkeypatch.setenv("TUOPIN_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setattr(web, "_token", lambda: "a signed-in session")
    monkeypatch.setattr(web, "_signed_in", lambda _directory, _token: identity)
    return AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS)


def walk(app: AppTest, identity: Identity) -> dict[str, str]:
    """Open the first page, then every other page of the navigation; what failed, by page."""
    failures: dict[str, str] = {}
    pages = pages_of(identity)
    app.run()
    if app.exception:
        failures[pages[0][0]] = "; ".join(str(error.value) for error in app.exception)
    for url_path, page_file in pages[1:]:
        app.switch_page(page_file).run()
        if app.exception:
            failures[url_path] = "; ".join(str(error.value) for error in app.exception)
    return failures


@pytest.mark.parametrize("account", ACCOUNTS)
def test_every_page_of_the_role_opens_on_the_town(monkeypatch, tmp_path, demo_dir, account):
    identity = identity_of(account, demo_dir)
    app = open_app(monkeypatch, tmp_path, demo_dir, identity)
    assert walk(app, identity) == {}


@pytest.mark.parametrize("account", ACCOUNTS)
def test_every_page_of_the_role_opens_on_the_county(monkeypatch, tmp_path, county_dir, account):
    identity = identity_of(account, county_dir)
    app = open_app(monkeypatch, tmp_path, county_dir, identity)
    assert walk(app, identity) == {}


def helpers_villages(data_dir: Path, helper: str) -> set[str]:
    """The names of the villages holding the helper's households (latest snapshot), read from
    the Parquet files with plain DuckDB."""
    latest = sorted((data_dir / "snapshots").glob("snapshot_date=*"))[-1]
    connection = duckdb.connect()
    households = [str(latest / "households.parquet")]
    households += sorted(str(part) for part in (latest / "households").glob("*.parquet"))
    connection.read_parquet([f for f in households if Path(f).is_file()]).create_view("households")
    connection.read_parquet(str(latest / "villages.parquet")).create_view("villages")
    names = connection.sql(
        "select distinct villages.village_name from households join villages using (village_code) "
        "where households.helper_id = $helper or households.village_contact_id = $helper",
        params={"helper": helper},
    ).fetchall()
    connection.close()
    return {name for (name,) in names}


def draws_something(figure) -> bool:
    """Whether any trace of a figure holds a number above 0 (a bar, a point, a cell)."""
    for trace in figure.data:
        for axis in ("x", "y", "z", "values"):
            values = getattr(trace, axis, None)
            if values is None:
                continue
            flat = [v for row in values for v in (row if isinstance(row, list | tuple) else [row])]
            if any(isinstance(v, int | float) and v > 0 for v in flat):
                return True
    return False


def test_a_helpers_own_helpers_page_shows_his_villages_and_no_empty_chart(
    monkeypatch, tmp_path, demo_dir
):
    """Scope = his households: the by-village chart lists the villages they are in, not every
    village of the town with empty bars, and no chart stands empty (issue 25)."""
    identity = identity_of("helper", demo_dir)
    app = open_app(monkeypatch, tmp_path, demo_dir, identity).run()
    app.switch_page("views/helper_accountability.py").run()
    assert not app.exception, [error.value for error in app.exception]
    figures = [plotly.io.from_json(chart.proto.spec) for chart in app.get("plotly_chart")]
    assert figures
    empty = [
        [a.text for a in figure.layout.annotations] or [t.name for t in figure.data]
        for figure in figures
        if not draws_something(figure)
    ]
    assert empty == []
    # The spread of visit rates among helpers: his alone is no spread.
    spread = text("helpers.trace.rare", "zh")
    assert not [f for f in figures if spread in [t.name for t in f.data]]
    panel = text("helpers.panel.remaining", "zh")
    (by_village,) = [f for f in figures if panel in [a.text for a in f.layout.annotations]]
    shown = set(by_village.data[0].y)
    assert shown == helpers_villages(demo_dir, identity.helper_id)
    assert 0 < len(shown) < 10  # the demo town has more villages than his
