"""Two server processes behind HAProxy on the county demo, one of them killed mid-walk.

A real `tuopin serve --processes 2` (HAProxy, two Streamlit servers, the supervisor), real
signed-in WebSocket sessions as `tuopin bench load` opens them. A session whose process dies
reconnects through HAProxy as a browser's tab does and must still be signed in: a signed-out
session gets the sign-in page, whose missing heading counts as an error.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.bench import load, load_report, server

needs_haproxy = pytest.mark.skipif(
    not Path("/usr/sbin/haproxy").is_file(), reason="Debian's haproxy is not installed"
)
PAGES = ("/", "/progress")


@needs_haproxy
def test_a_killed_process_loses_no_session_and_is_started_again(county_dir: Path, capsys):
    result = load.run_disruption(county_dir, sessions=3, pages=PAGES, kind="kill")
    with capsys.disabled():
        print()
        load_report.print_disruption(result)
    assert result.victim in ("p1", "p2")
    assert result.round.errors == []  # every page drawn, every session still signed in
    # Three tabs on two processes: the one killed held at least one, which lost its
    # connection, reconnected to the other process and was shown its page again.
    assert result.interrupted
    assert all(run.reconnect_seconds is not None for run in result.interrupted)
    assert all(run.error is None and run.lost for run in result.interrupted)
    # The supervisor started the killed process again and HAProxy saw it healthy.
    assert 0 < result.action_seconds < server.SERVER_START_SECONDS
    walked = {run.session for run in result.round.runs}
    assert walked == {1, 2, 3}


@needs_haproxy
@pytest.mark.benchmark
def test_a_rolling_restart_fails_no_page_load(county_dir: Path, capsys):
    """SIGHUP to `tuopin serve`: each process drained through HAProxy's runtime API and
    restarted in turn while three sessions keep walking; no page load fails."""
    result = load.run_disruption(county_dir, sessions=3, pages=PAGES, kind="rolling")
    with capsys.disabled():
        print()
        load_report.print_disruption(result)
    assert result.round.errors == []
    assert result.action_seconds > 0
    assert len(result.round.runs) > 3 * len(PAGES)  # they walked while it restarted
