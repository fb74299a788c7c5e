"""The load benchmark runs once on the county demo (`-m benchmark`): real sessions, signed in.

A real `tuopin serve` and real Streamlit WebSocket sessions, as `tuopin bench load` opens them.
Figures are printed; only correctness is asserted (no error, every page ran to its end and
drew its own heading), never a time.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from dashboard.bench import load, load_report, server, tabs

pytestmark = pytest.mark.benchmark

PAGES = ("/", "/progress")


def test_three_signed_in_sessions_walk_two_pages_on_the_county(county_dir: Path, capsys):
    """Three sessions sign in as the demo leader at once and each opens both pages."""
    result = load.bench_load(county_dir, sessions=3, pages=PAGES, memory_sessions=0)
    with capsys.disabled():
        print()
        load_report.print_load_bench(result)
    main = result.main
    assert main.signed_in and len(main.sign_in_seconds) == 3
    assert main.errors == []
    assert sorted((run.session, run.path) for run in main.runs) == [
        (session, path) for session in (1, 2, 3) for path in sorted(PAGES)
    ]
    assert all(run.received_bytes > 0 and run.seconds > 0 for run in main.runs)
    assert main.peak_rss_bytes > 100 * 1024**2  # a Streamlit server with DuckDB open


def test_a_session_without_sign_in_is_counted_as_an_error(county_dir: Path):
    """Without the cookie the server draws the sign-in page: the load counts that, it does
    not time it as the overview."""
    with server.tuopin_server(county_dir) as running:
        runs, _, problems = asyncio.run(
            tabs.open_sessions(running.base, 1, ("/",), None, tabs.PAGE_TIMEOUT_SECONDS)
        )
    assert problems == []
    assert len(runs) == 1
    assert runs[0].error is not None and "总览" in runs[0].error
