"""The benchmarks run once on the county demo (`-m benchmark`): figures printed, results equal.

Deselected by default (pyproject's addopts); CI runs them with `pytest -m benchmark`. Nothing
here asserts a time: speed targets are read off the printed figures, not enforced by a test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.bench.overview import bench_overview, print_overview_bench
from dashboard.bench.pages import (
    app_pages,
    bench_pages,
    demo_pages,
    print_page_timing,
    print_pages_header,
)

pytestmark = pytest.mark.benchmark


def test_overview_bench_three_ways_agree(county_dir: Path, capsys):
    """Ours, raw DuckDB and pandas all run the overview; pandas gives our figures."""
    result = bench_overview(county_dir, runs=1)
    with capsys.disabled():
        print()
        print_overview_bench(result)
    assert [way.way for way in result.ways] == ["ours", "raw DuckDB", "pandas"]
    assert all(way.median_ms > 0 for way in result.ways)
    assert result.households > 10_000
    compared = [verdict for verdict in result.agreement.values() if verdict is not None]
    assert compared, "the pandas version compared nothing"
    assert all(compared), result.agreement


def test_pages_bench_runs_every_page_on_the_county(county_dir: Path, capsys):
    """Every page the bench's in-process identity may open (all but the admin pages) runs
    cold and warm on the county without an exception."""
    pages = demo_pages()
    assert "/" in pages and "/helpers" in pages
    assert set(app_pages()) - set(pages) == {"/users", "/audit"}
    timings = bench_pages(county_dir, runs=1, pages=pages)
    with capsys.disabled():
        print()
        print_pages_header(county_dir, 1)
        for timing in timings:
            print_page_timing(timing)
    assert [timing.path for timing in timings] == list(pages)
    assert [timing.path for timing in timings if timing.error] == []
    # Every page was also opened by a second session, and timed there.
    assert all(timing.second_session_ms > 0 for timing in timings), timings


def test_pages_bench_refuses_data_that_is_not_the_demo(empty_dir: Path):
    """The bench runs as the in-process identity: imported data is refused before any run."""
    from dashboard.access.demo_accounts import NotTheDemo

    with pytest.raises(NotTheDemo):
        bench_pages(empty_dir, runs=1)
