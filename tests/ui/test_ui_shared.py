"""Figures built once per content and shared between sessions (`dashboard/ui/shared.py`).

Unit tests on small frames written here, then two real AppTest sessions on the demo town's
/progress: the second session draws the same figures without building them again, and a
session whose frames differ (English) gets its own.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.charts import progress as progress_charts
from dashboard.ui.shared import Unkeyable, built_once, content_key, shared_figure

ROOT = Path(__file__).resolve().parent.parent.parent
APP = str(ROOT / "dashboard" / "app.py")
TIMEOUT_SECONDS = 60


@pytest.fixture(autouse=True)
def empty_cache():
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def counting(builder):
    """`builder`, counting its calls in `.calls` (same module and name: the same key)."""

    @functools.wraps(builder)
    def counted(*args, **kwargs):
        counted.calls += 1
        return builder(*args, **kwargs)

    counted.calls = 0
    return counted


def bars(frame: pd.DataFrame, lang: str) -> go.Figure:
    return go.Figure(go.Bar(x=list(frame["year"]), y=list(frame["households"]), name=lang))


def frame(*households: int) -> pd.DataFrame:
    return pd.DataFrame({"year": [2016, 2017, 2018][: len(households)], "households": households})


def test_equal_content_is_built_once_and_shared():
    """Two sessions' frames (different objects, same values) get the one figure."""
    builder = counting(bars)
    first = built_once(builder, frame(3, 4, 5), "zh")
    second = built_once(builder, frame(3, 4, 5).copy(deep=True), "zh")
    assert builder.calls == 1
    assert second is first
    assert list(first.data[0].y) == [3, 4, 5]


@pytest.mark.parametrize(
    "other",
    [
        (frame(3, 4, 6), "zh"),  # one value differs
        (frame(3, 4, 5), "en"),  # another language
        (frame(3, 4, 5).astype({"households": "float64"}), "zh"),  # another dtype
        (frame(3, 4, 5).rename(columns={"households": "people"}), "zh"),  # another column
        (frame(3, 4, 5).iloc[::-1], "zh"),  # another order
        (frame(3, 4), "zh"),  # fewer rows
    ],
)
def test_different_content_is_built_again(other):
    builder = counting(lambda data, lang: go.Figure(go.Bar(y=list(data.iloc[:, 1]), name=lang)))
    builder.__qualname__ = "different_content_builder"
    first = built_once(builder, frame(3, 4, 5), "zh")
    again = built_once(builder, *other)
    assert builder.calls == 2
    assert again is not first


def test_a_frames_attributes_are_part_of_its_content():
    """A visitor's frame (marked in `attrs`) never gets the figure of an unmarked one."""
    marked = frame(3, 4, 5)
    marked.attrs["for_visitor"] = True
    assert content_key(marked) != content_key(frame(3, 4, 5))


def test_plain_values_keep_their_type():
    assert len({content_key(1), content_key(1.0), content_key(True), content_key("1")}) == 4
    assert content_key({"b": 1, "a": [1, 2]}) == content_key({"a": [1, 2], "b": 1})


def test_an_argument_without_content_is_built_every_time():
    """An object the key cannot read (here a function) is never guessed at: built per call."""
    with pytest.raises(Unkeyable):
        content_key(object())
    builder = counting(lambda data, how: bars(data, how()))
    builder.__qualname__ = "unkeyable_builder"
    built_once(builder, frame(1), lambda: "zh")
    built_once(builder, frame(1), lambda: "zh")
    assert builder.calls == 2


def test_a_section_figure_is_built_only_when_drawn():
    builder = counting(bars)
    draw = shared_figure(builder, frame(1, 2), "zh")
    assert builder.calls == 0
    assert draw() is draw()
    assert builder.calls == 1


def open_progress(data_dir: Path, lang: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_SECONDS)
    app.query_params["lang"] = lang
    app.run()
    app.switch_page("views/progress.py")
    return app.run()


def specs(app: AppTest) -> list[str]:
    return [chart.proto.spec for chart in app.get("plotly_chart")]


def test_a_second_session_draws_the_first_sessions_figures(monkeypatch, demo_dir):
    """Session two on /progress builds no figure and draws exactly what session one drew; a
    session reading in English builds its own, and the shared figures are left unchanged."""
    monkeypatch.setenv("TUOPIN_DATA", str(demo_dir))
    builder = counting(progress_charts.exits_by_year_figure)
    monkeypatch.setattr(progress_charts, "exits_by_year_figure", builder)

    first = open_progress(demo_dir, "zh")
    assert not first.exception
    assert builder.calls == 1
    drawn = specs(first)
    assert len(drawn) == 5

    second = open_progress(demo_dir, "zh")
    assert not second.exception
    assert builder.calls == 1, "the second session built the figure again"
    assert specs(second) == drawn  # drawing a shared figure did not change it

    english = open_progress(demo_dir, "en")
    assert not english.exception
    assert builder.calls == 2
    assert specs(english)[0] != drawn[0]


def test_a_shared_figures_dict_is_made_once_and_equals_plotlys():
    """Streamlit serialises `to_dict()`: made once for a shared figure, the same as plotly's."""
    plain = bars(frame(3, 4, 5), "zh").to_dict()
    figure = shared_figure(bars, frame(3, 4, 5), "zh")()
    assert figure.to_dict() is figure.to_dict()
    assert figure.to_dict() == plain


def test_duckdb_frames_are_keyed_by_their_arrow_content_cheaply():
    """DuckDB hands strings as Arrow-backed columns: keyed by their buffers, one changed cell, a
    shifted slice, a NULL or another category order is another key; an equal copy the same."""
    import time

    import duckdb

    frame = (
        duckdb.connect()
        .sql("select i, 'name' || i as s, date '2020-01-01' + i::int as d from range(200000) t(i)")
        .df()
    )
    started = time.perf_counter()
    key = content_key(frame)
    assert time.perf_counter() - started < 1.0  # ~0.01 s; pandas' hashing was most of /helpers
    assert content_key(frame.copy()) == key
    changed = frame.copy()
    changed.loc[123, "s"] = "name124"
    assert content_key(changed) != key
    assert content_key(frame.iloc[1:]) != content_key(frame.iloc[:-1])
    with_null = pd.Series(pd.array([1, None, 3], dtype="Int64"))
    assert content_key(with_null) != content_key(pd.Series(pd.array([1, 2, 3], dtype="Int64")))
    reordered = pd.DataFrame({"c": pd.Categorical(["b", "a"])})
    assert content_key(pd.DataFrame({"c": pd.Categorical(["a", "b"])})) != content_key(reordered)


def _counting_digests(monkeypatch) -> dict[str, int]:
    """Count how often a column's content is actually hashed (numpy bytes, Arrow buffers)."""
    from dashboard.ui import shared

    calls = {"numpy": 0, "arrow": 0}
    numpy_digest, arrow_digest = shared._digest, shared._arrow_digest

    def counted_numpy(array):
        calls["numpy"] += 1
        return numpy_digest(array)

    def counted_arrow(chunked):
        calls["arrow"] += 1
        return arrow_digest(chunked)

    monkeypatch.setattr(shared, "_digest", counted_numpy)
    monkeypatch.setattr(shared, "_arrow_digest", counted_arrow)
    return calls


def test_a_cached_frame_is_hashed_once_for_every_sessions_copy(monkeypatch):
    """A cached query result (read-only, `state.frozen`) is hashed for the first session's
    copy only; a copy a session changed is its own content, hashed and keyed anew."""
    import duckdb

    from dashboard.ui import state

    table = (
        duckdb.connect()
        .sql(
            "select i, 'name' || i as s, i * 1.5 as x, "
            "case when i % 2 = 0 then date '2020-01-01' + i::int end as paid "
            "from range(50000) t(i)"
        )
        .arrow()
    )
    table = table.read_all() if hasattr(table, "read_all") else table
    # As the data layer makes them (`Database.run`): dates with NULLs as Python objects.
    cached = state.frozen(table.to_pandas())
    assert cached["paid"].dtype == object
    calls = _counting_digests(monkeypatch)
    key = content_key(state.shared(cached))
    hashed = dict(calls)
    assert hashed["numpy"] >= 2 and hashed["arrow"] >= 1  # i and x; s
    assert content_key(state.shared(cached)) == key  # the next session's copy
    assert calls == hashed  # … not hashed again
    changed = state.shared(cached)
    changed.loc[7, "i"] = -1  # copy-on-write: the session's own column
    assert content_key(changed) != key
    assert content_key(state.shared(cached)) == key  # the cache's stayed as it was
    assert cached.loc[7, "i"] == 7


def test_a_frame_that_may_be_written_is_hashed_every_time(monkeypatch):
    """A frame a page made itself may be changed in place: never keyed from memory."""
    calls = _counting_digests(monkeypatch)
    made = pd.DataFrame({"households": [3, 4, 5]})
    key = content_key(made)
    made.loc[0, "households"] = 9  # in place: nobody else holds its memory
    assert content_key(made) != key
    assert calls["numpy"] == 2


def test_a_remembered_digest_goes_with_its_array():
    """An entry lives as long as its array: an id reused later is not taken for the old one."""
    import gc

    import pyarrow as pa

    from dashboard.ui import shared

    column = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([["a", "b"]])))
    content_key(column)
    owner = id(column.array._pa_array)
    assert owner in shared._DIGESTS
    del column
    gc.collect()
    assert owner not in shared._DIGESTS


def test_the_server_runs_no_full_garbage_collection_after_every_page():
    """Streamlit's gc.collect(2) after each run was a sixth of a province server's CPU under
    load: the project's config turns it off, as a server started from the project reads it."""
    import subprocess
    import sys

    read = subprocess.run(
        [
            sys.executable,
            "-c",
            "from streamlit import config; print(config.get_option('runner.postScriptGC'))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert read.stdout.strip() == "False"


def test_a_second_session_draws_the_first_sessions_map(monkeypatch, demo_dir):
    """/map's figure (the outlines, the costliest of a walk) is built by the first session
    only; the second draws the very same spec; English is another map, built again."""
    from dashboard.charts import village as village_charts
    from tests import pages

    builder = counting(village_charts.measure_map)
    monkeypatch.setattr(village_charts, "measure_map", builder)
    pages.use_maps(monkeypatch, demo_dir.parent / "maps")

    def open_map(lang: str) -> AppTest:
        app = pages.open_through_app(
            monkeypatch, demo_dir, "views/village_map.py", {"lang": lang}, timeout=TIMEOUT_SECONDS
        )
        assert not app.exception
        return app

    first = specs(open_map("zh"))
    assert builder.calls == 1 and len(first) == 1
    assert specs(open_map("zh")) == first
    assert builder.calls == 1, "the second session built the map again"
    english = specs(open_map("en"))
    assert builder.calls == 2
    assert english != first


def test_the_first_rows_of_a_long_arrow_column_are_keyed_from_their_own_rows(monkeypatch):
    """A table's head is a slice over the whole list's Arrow buffers: keyed from its own rows
    (fast), still telling apart heads that differ and keeping equal heads equal."""
    import hashlib

    import pyarrow as pa

    from dashboard.ui import shared

    names = pd.Series(
        pd.arrays.ArrowStringArray(pa.chunked_array([[f"n{i}" for i in range(10**5)]]))
    )
    fed: list[int] = []  # the sizes of what the digest is fed
    blake2b = hashlib.blake2b

    class Recording:
        def __init__(self, **options):
            self.inner = blake2b(**options)

        def update(self, data):
            fed.append(memoryview(data).nbytes)
            self.inner.update(data)

        def hexdigest(self):
            return self.inner.hexdigest()

    monkeypatch.setattr(shared.hashlib, "blake2b", Recording)
    key = content_key(names.head(500))
    assert fed and max(fed) < 100_000  # not the whole list's 600 kB of characters
    assert content_key(names.head(500).copy()) == key
    assert content_key(names.iloc[1:501]) != key
    assert content_key(names.head(499)) != key
