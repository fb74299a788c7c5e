"""The load script's parts that need no server (`tests/test_load_bench.py` runs it for real)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.bench import load


def test_the_load_refuses_data_that_is_not_the_demo(empty_dir: Path):
    """Demo accounts exist only on the demo: imported data is refused before any server."""
    from dashboard.access.demo_accounts import NotTheDemo

    with pytest.raises(NotTheDemo):
        load.bench_load(empty_dir, sessions=1, pages=("/",))


def test_an_unknown_page_is_refused():
    with pytest.raises(load.LoadError):
        load.check_pages(("/", "/nowhere"))


def test_the_default_pages_are_pages_of_the_app():
    assert load.check_pages(load.DEFAULT_PAGES) == load.DEFAULT_PAGES


def test_every_default_page_has_a_heading_to_check():
    assert all(load.expected_heading(path) for path in load.DEFAULT_PAGES)
    assert load.expected_heading("/") == "总览"


def test_percentiles():
    assert load.percentile([1.0], 0.95) == 1.0
    assert load.percentile([1.0, 2.0, 3.0, 4.0, 5.0], 0.5) == 3.0
    assert load.percentile([float(n) for n in range(1, 101)], 0.95) == pytest.approx(95.05)
    nan = load.percentile([], 0.5)
    assert nan != nan
