"""Opening a page under AppTest, in one place: the page tests' data directory, URL and identity.

A page runs either as a script of its own (`dashboard/views/<page>.py`, no navigation) or
through the app (`dashboard/app.py` registers the pages with st.navigation, then the test
switches to one), as a user who follows a link would reach it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "app.py"
VIEWS = ROOT / "dashboard" / "views"
FIRST_RUN_SECONDS = 60  # the first run opens DuckDB and reads every snapshot's files


def _set_query(app: AppTest, query_params: Mapping[str, str | list[str]]) -> None:
    for key, value in query_params.items():
        app.query_params[key] = value


def open_page(
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
    script: str | Path,
    query_params: Mapping[str, str | list[str]] | None = None,
    *,
    timeout: float = FIRST_RUN_SECONDS,
    prepare: Callable[[AppTest], AppTest] | None = None,
) -> AppTest:
    """Run `script` once on `data_dir` with `query_params` in the URL.

    `prepare` gets the session before its first run (a signed-in identity, say).
    """
    monkeypatch.setenv("TUOPIN_DATA", str(data_dir))
    app = AppTest.from_file(str(script), default_timeout=timeout)
    if prepare is not None:
        app = prepare(app)
    _set_query(app, query_params or {})
    return app.run()


def open_through_app(
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
    page: str,
    query_params: Mapping[str, str | list[str]] | None = None,
    *,
    timeout: float = FIRST_RUN_SECONDS,
    again_after_switch: bool = False,
) -> AppTest:
    """Run the app once (st.navigation registers the pages), then switch to `page`
    ("views/progress.py") and run it. `again_after_switch`: put the URL's parameters back after
    the switch, as a link to the page with them would."""
    app = open_page(monkeypatch, data_dir, APP, query_params, timeout=timeout)
    app.switch_page(page)
    if again_after_switch:
        _set_query(app, query_params or {})
    return app.run()


def use_maps(monkeypatch: pytest.MonkeyPatch, maps_dir: Path | None) -> None:
    """Point the app at `maps_dir`, or at no boundary files at all (None)."""
    if maps_dir is None:
        monkeypatch.delenv("TUOPIN_MAPS", raising=False)
    else:
        monkeypatch.setenv("TUOPIN_MAPS", str(maps_dir))


def page_text(app: AppTest, *kinds: str) -> str:
    """The text of the page's elements of `kinds`, kind by kind in the order given, one element
    a line; "metric" gives each card as "label value": `page_text(app, "markdown", "metric")`.
    """
    parts = []
    for kind in kinds:
        if kind == "metric":
            parts += [f"{metric.label} {metric.value}" for metric in app.metric]
        else:
            parts += [str(element.value) for element in getattr(app, kind)]
    return "\n".join(parts)
