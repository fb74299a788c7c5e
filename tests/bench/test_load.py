"""The load script's parts that need no server (`tests/test_load_bench.py` runs it for real)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dashboard.bench import load, load_report, server, tabs


def test_the_load_refuses_data_that_is_not_the_demo(empty_dir: Path):
    """Demo accounts exist only on the demo: imported data is refused before any server."""
    from dashboard.access.demo_accounts import NotTheDemo

    with pytest.raises(NotTheDemo):
        load.bench_load(empty_dir, sessions=1, pages=("/",))


def test_an_unknown_page_is_refused():
    with pytest.raises(server.LoadError):
        load.check_pages(("/", "/nowhere"))


def test_the_default_pages_are_pages_of_the_app():
    assert load.check_pages(load.DEFAULT_PAGES) == load.DEFAULT_PAGES


def test_every_default_page_has_a_heading_to_check():
    assert all(tabs.expected_heading(path) for path in load.DEFAULT_PAGES)
    assert tabs.expected_heading("/") == "总览"


def test_percentiles():
    assert load.percentile([1.0], 0.95) == 1.0
    assert load.percentile([1.0, 2.0, 3.0, 4.0, 5.0], 0.5) == 3.0
    assert load.percentile([float(n) for n in range(1, 101)], 0.95) == pytest.approx(95.05)
    nan = load.percentile([], 0.5)
    assert nan != nan


# ------------------------------------------------------------- rounds, the table, the targets
def _round(sessions: int, processes: int, seconds: list[float], *, warm=True, errors=0):
    """A finished round as `run_round` returns it: one page run per time, `errors` failed."""
    runs = [tabs.PageRun(number + 1, "/", value) for number, value in enumerate(seconds)]
    runs += [tabs.PageRun(99, "/progress", 300.0, error="no script_finished")] * errors
    return load.LoadRound(
        sessions,
        ("/", "/progress"),
        True,
        runs,
        [0.1] * sessions,
        [],
        3 * 1024**3,
        10.0,
        60.0,
        Path("server.log"),
        [tabs.PageRun(0, "/", 2.0)] if warm else [],
        processes,
    )


def _bench(*rounds, memory=None):
    return load.LoadBench(Path("/data/demo-province"), 1_084_636, list(rounds), memory, 0.5)


def test_the_target_is_met_by_twenty_warm_sessions_on_two_processes_under_five_seconds(capsys):
    twenty = _round(20, 2, [1.0] * 90 + [4.5] * 10)
    fifty = _round(50, 2, [2.0] * 200 + [9.0] * 50)
    load_report.print_targets(_bench(twenty, fifty))
    out = capsys.readouterr().out
    assert "20 sessions warm through 2 processes, p95 < 5 s, no error — met: p95 4.5 s" in out
    assert "50 sessions (warm, 2 processes), no error — met: p95 9.0 s, 0 errors" in out
    assert "peak memory of all processes together, highest of the rounds: 3.00 GB" in out


def test_the_target_is_not_met_by_an_error_or_a_slow_p95_or_a_cold_round(capsys):
    load_report.print_targets(_bench(_round(20, 2, [1.0] * 99, errors=1)))
    assert "— NOT met: p95 1.0 s, 1 errors" in capsys.readouterr().out
    load_report.print_targets(_bench(_round(20, 2, [1.0] * 90 + [6.0] * 10)))
    assert "— NOT met: p95 6.0 s, 0 errors" in capsys.readouterr().out
    load_report.print_targets(_bench(_round(20, 2, [1.0] * 100, warm=False), _round(20, 1, [1.0])))
    out = capsys.readouterr().out
    assert "no error — not run (needs --sessions 20 --processes 2 --warm-up)" in out
    assert "50 sessions, no error, p95 printed — not run" in out


def test_the_load_table_has_a_row_per_round_and_fault_run(capsys):
    five = _round(5, 1, [1.0] * 25, warm=False)
    twenty = _round(20, 2, [1.0] * 99, errors=1)
    killed = load.Disruption("kill", _round(20, 2, [3.0] * 95), "p1", 4.0)
    bench = _bench(five, twenty, memory=five)
    bench.disruptions.append(killed)
    load_report.print_load_table(bench)
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| ")]
    assert rows[1:] == [
        "| 1 | 5 | cold | 1.0 s | 1.0 s | 1.0 s (`/`) | 0 of 25 | 3.00 GB |",
        "| 2 | 20 | warm | 1.0 s | 1.0 s | 1.0 s (`/`) | 1 of 100 | 3.00 GB |",
        "| 2 | 20 | warm, one SIGKILLed | 3.0 s | 3.0 s | 3.0 s (`/`) | 0 of 95 | 3.00 GB |",
    ]


def test_sessions_and_processes_take_lists_and_refuse_what_is_not_a_count():
    from dashboard.cli import build_parser

    parsed = build_parser().parse_args(
        ["bench", "load", "--sessions", "20,50", "--processes", "1,2", "--caches", "cold,warm"]
    )
    assert (parsed.sessions, parsed.processes, parsed.caches) == (
        (20, 50),
        (1, 2),
        ("cold", "warm"),
    )
    assert build_parser().parse_args(["bench", "load"]).processes == (1,)
    for wrong in (["--sessions", "0"], ["--sessions", "twenty"], ["--caches", "hot"]):
        with pytest.raises(SystemExit):
            build_parser().parse_args(["bench", "load", *wrong])
    with pytest.raises(server.LoadError):
        load.whole_numbers("--sessions", ())


# ------------------------------------------------------------- the server's CPU per page
def test_the_server_cpu_is_shared_among_the_pages_in_flight_on_each_process():
    """Between two samples a process's CPU goes to the runs in flight on it, by how long each
    was in flight then; none in flight: to None. Another process's runs get none of it."""
    runs = [
        tabs.PageRun(1, "/", 2.0, started=0.0, server="p1"),  # in flight 0–2 on p1
        tabs.PageRun(2, "/programs", 1.0, started=1.0, server="p1"),  # 1–2 on p1
        tabs.PageRun(3, "/map", 4.0, started=0.0, server="p2"),  # 0–4 on p2
    ]
    samples = [
        (0.0, {"p1": 0.0, "p2": 0.0}),
        (1.0, {"p1": 0.5, "p2": 0.25}),  # p1: "/" alone; p2: "/map"
        (2.0, {"p1": 1.5, "p2": 0.5}),  # p1: "/" and "/programs" half each
        (3.0, {"p1": 1.75, "p2": 0.5}),  # p1: nothing in flight; p2 spent nothing
    ]
    shares = load.cpu_by_page(samples, runs)
    assert shares == pytest.approx({"/": 1.0, "/programs": 0.5, "/map": 0.5, None: 0.25})
    assert sum(shares.values()) == pytest.approx(1.75 + 0.5)  # all of it, to someone


def test_the_round_prints_the_server_cpu_per_page(capsys):
    """The round's table has a column of server CPU per page load, and the walk's total."""
    round_ = _round(2, 2, [1.0, 1.0])
    round_.runs = [
        tabs.PageRun(1, "/", 1.0, started=0.0, server="p1"),
        tabs.PageRun(2, "/progress", 1.0, started=0.0, server="p2"),
    ]
    round_.cpu_samples = [(0.0, {"p1": 0.0, "p2": 0.0}), (1.0, {"p1": 0.3, "p2": 0.7})]
    round_.client_cpu_seconds = 0.1
    load_report.print_round(round_, "round of 2")
    lines = capsys.readouterr().out.splitlines()
    assert "server CPU per page" in next(line for line in lines if "p95 s" in line)
    assert next(line for line in lines if line.strip().startswith("/ ")).endswith("0.30 s")
    assert next(line for line in lines if "/progress" in line).endswith("0.70 s")
    assert next(line for line in lines if line.strip().startswith("all")).endswith("0.50 s")
    assert any("server CPU over the walk: 1.0 s in 2 page loads" in line for line in lines)
    assert any("load generator's own CPU on the same cores: 0.1 s" in line for line in lines)


def test_the_cpu_watch_reads_a_process_cpu_time():
    """`cpu_seconds` reads /proc: this process's CPU time grows with work; a gone pid is None."""
    before = server.cpu_seconds(os.getpid())
    sum(range(3_000_000))
    assert server.cpu_seconds(os.getpid()) > before
    assert server.cpu_seconds(2**22 + 12345) is None
