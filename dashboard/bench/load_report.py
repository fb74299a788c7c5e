"""What `tuopin bench load` prints: each round's table, the fault runs, the load table and
issue 28's targets (printed, never asserted: the figures depend on the machine)."""

from __future__ import annotations

import os
import statistics

from dashboard.bench.load import (
    DISRUPTION_LEAD_SECONDS,
    Disruption,
    LoadBench,
    LoadRound,
    percentile,
)
from dashboard.bench.tabs import THINK_SPREAD

# Issue 28's targets on the province (README "What one machine holds").
TARGET_SESSIONS, TARGET_PROCESSES, TARGET_P95_SECONDS = 20, 2, 5.0
MANY_SESSIONS = 50  # … and fifty at once: no error, the p95 printed


def _seconds(value: float) -> str:
    return "—" if value != value else f"{value:.1f}"


def _gigabytes(value: int) -> str:
    return f"{value / 1024**3:.2f} GB"


def print_round(result: LoadRound, title: str) -> None:
    sign_in = "signed in as a demo account" if result.signed_in else "--no-auth"
    where = f"{result.processes} processes behind HAProxy" if result.processes > 1 else "one server"
    print(
        f"{title}: {result.sessions} sessions at once × {len(result.pages)} pages ({sign_in}; "
        f"{where}); up in {result.server_start_seconds:.1f} s, all sessions done in "
        f"{result.wall_seconds:.1f} s"
    )
    if not result.warm_up:
        print("  caches cold: every session starts at once on a server that has run no page")
    if result.warm_up:
        warm = ", ".join(f"{run.path} {_seconds(run.seconds)}" for run in result.warm_up)
        each = " on each process" if result.processes > 1 else ""
        print(f"  warm-up (one session{each} first, not counted): {warm}")
    if result.think_seconds:
        low, high = (result.think_seconds * share for share in THINK_SPREAD)
        print(f"  think time between pages: {low:.1f}–{high:.1f} s (not counted in a page's time)")
    else:
        print("  no think time: each tab asks for its next page as soon as one is drawn")
    if result.sign_in_seconds:
        print(
            f"  sign-in: p50 {_seconds(percentile(result.sign_in_seconds, 0.5))} s, "
            f"max {_seconds(max(result.sign_in_seconds))} s"
        )
    print(
        f"  {'page':<12}{'runs':>6}{'errors':>8}{'p50 s':>8}{'p95 s':>8}{'max s':>8}{'MB':>7}"
        f"{'server CPU per page':>21}"
    )
    for path in result.pages:
        runs = [run for run in result.runs if run.path == path]
        times = result.times(path)
        received = statistics.mean(run.received_bytes for run in runs) if runs else 0
        print(
            f"  {path:<12}{len(runs):>6}{sum(bool(run.error) for run in runs):>8}"
            f"{_seconds(percentile(times, 0.5)):>8}{_seconds(percentile(times, 0.95)):>8}"
            f"{_seconds(max(times, default=float('nan'))):>8}{received / 1e6:>7.1f}"
            f"{_cpu(result.cpu_per_page(path)):>21}"
        )
    times = result.times()
    print(
        f"  {'all':<12}{len(result.runs):>6}{len(result.errors):>8}"
        f"{_seconds(percentile(times, 0.5)):>8}{_seconds(percentile(times, 0.95)):>8}"
        f"{_seconds(max(times, default=float('nan'))):>8}{'':>7}"
        f"{_cpu(result.cpu_per_page()):>21}"
    )
    print_cpu(result)
    every = " (all processes together)" if result.processes > 1 else ""
    print(f"  server peak memory (RSS){every}: {_gigabytes(result.peak_rss_bytes)}")
    for error in result.errors[:10]:
        print(f"  error: {error}")
    if len(result.errors) > 10:
        print(f"  … and {len(result.errors) - 10} more errors")
    if result.errors:
        print(f"  the server's log (tracebacks): {result.server_log}")
    warnings = sorted({note for run in result.runs for note in run.warnings})
    for note in warnings[:5]:
        print(f"  warning: {note}")


def _cpu(value: float) -> str:
    return "—" if value != value else f"{value:.2f} s"


def print_cpu(result: LoadRound) -> None:
    """The server's CPU time over the walk, what it means for the p95, and the load
    generator's own: a figure the others' work on the machine does not change as it does
    the wall times."""
    if not result.cpu_samples or not result.runs:
        return
    total = result.server_cpu_seconds
    per_page = result.cpu_per_page()
    cores = os.cpu_count() or 1
    print(
        f"  server CPU over the walk: {total:.1f} s in {len(result.runs)} page loads "
        f"({per_page:.2f} s each; a page's own column is its share while in flight, the rest "
        "is sign-ins and connections); with no think time a page waits about "
        f"sessions × CPU per page / cores = {result.sessions * per_page / cores:.1f} s"
    )
    client = result.client_cpu_seconds
    if client == client:
        print(
            f"  the load generator's own CPU on the same cores: {client:.1f} s "
            f"({client / len(result.runs):.2f} s per page load)"
        )


def print_load_bench(result: LoadBench) -> None:
    print(
        f"load on {result.data_dir} ({result.households:,} households in the latest snapshot), "
        f"{os.cpu_count()} cores, load average {result.load_average:.1f} before; a fresh server "
        "per round"
    )
    if result.memory is not None and result.memory not in result.rounds:
        print_round(result.memory, f"round of {result.memory.sessions}")
    for round_ in result.rounds:
        print_round(round_, f"round of {round_.sessions}")
    for disruption in result.disruptions:
        print_disruption(disruption)
    print_load_table(result)
    print_targets(result)


def _row(result: LoadRound, what: str) -> str:
    times = result.times()
    finished = [run for run in result.runs if run.error is None]
    slowest = max(finished, key=lambda run: run.seconds) if finished else None
    longest = f"{_seconds(slowest.seconds)} s (`{slowest.path}`)" if slowest else "—"
    return (
        f"| {result.processes} | {result.sessions} | {what} | {_seconds(percentile(times, 0.5))} s"
        f" | {_seconds(percentile(times, 0.95))} s | {longest} "
        f"| {len(result.errors)} of {len(result.runs)} | {_gigabytes(result.peak_rss_bytes)} |"
    )


def print_load_table(result: LoadBench) -> None:
    """Every round and fault run as one table (Markdown, as README's "What one machine holds"
    lays it out): processes × sessions × caches, p50, p95, max, errors, peak memory."""
    print()
    print(
        "| processes | sessions | caches | p50 | p95 | max | errors (page loads) "
        "| peak memory, all processes |"
    )
    print("|---|---|---|---|---|---|---|---|")
    shown = ([result.memory] if result.memory is not None else []) + [
        round_ for round_ in result.rounds if round_ is not result.memory
    ]
    for round_ in shown:
        print(_row(round_, round_.caches))
    for disruption in result.disruptions:
        what = "warm, one SIGKILLed" if disruption.kind == "kill" else "warm, rolling restart"
        print(_row(disruption.round, what))


def print_targets(result: LoadBench) -> None:
    """Issue 28's targets against the rounds that measure them (`met` / `NOT met` / `not run`):
    TARGET_SESSIONS sessions warm through TARGET_PROCESSES processes, p95 under
    TARGET_P95_SECONDS with no error; 50 sessions with no error, p95 printed."""
    rounds = result.rounds
    main = next(
        (
            found
            for found in rounds
            if (found.sessions, found.processes, found.caches)
            == (TARGET_SESSIONS, TARGET_PROCESSES, "warm")
        ),
        None,
    )
    if main is None:
        verdict = (
            f"not run (needs --sessions {TARGET_SESSIONS} --processes {TARGET_PROCESSES} --warm-up)"
        )
    else:
        p95 = percentile(main.times(), 0.95)
        met = not main.errors and p95 < TARGET_P95_SECONDS
        verdict = f"{'met' if met else 'NOT met'}: p95 {_seconds(p95)} s, {len(main.errors)} errors"
    print(
        f"target: {TARGET_SESSIONS} sessions warm through {TARGET_PROCESSES} processes, "
        f"p95 < {TARGET_P95_SECONDS:.0f} s, no error — {verdict}"
    )
    # 50 sessions: the warm round on the most processes, else any round of 50.
    fifty = sorted(
        (found for found in rounds if found.sessions == MANY_SESSIONS),
        key=lambda found: (found.caches == "warm", found.processes),
    )
    if not fifty:
        print(
            f"target: {MANY_SESSIONS} sessions, no error, p95 printed — not run "
            f"(needs --sessions {TARGET_SESSIONS},{MANY_SESSIONS})"
        )
    for many in fifty[::-1]:
        print(
            f"target: {MANY_SESSIONS} sessions ({many.caches}, {many.processes} processes), "
            f"no error — {'met' if not many.errors else 'NOT met'}: "
            f"p95 {_seconds(percentile(many.times(), 0.95))} s, {len(many.errors)} errors"
        )
    peak = max((found.peak_rss_bytes for found in rounds), default=0)
    print(f"peak memory of all processes together, highest of the rounds: {_gigabytes(peak)}")


def print_disruption(result: Disruption) -> None:
    """A fault run's or rolling restart's own lines under its round's table."""
    title = (
        f"fault run (one process SIGKILLed after {DISRUPTION_LEAD_SECONDS:.0f} s)"
        if result.kind == "kill"
        else "rolling restart (each process drained via HAProxy's runtime API, restarted)"
    )
    print_round(result.round, title)
    reconnects = result.reconnect_seconds
    failed = len(result.round.errors)
    if result.kind == "kill":
        print(
            f"  killed {result.victim}; the supervisor's new process was healthy after "
            f"{result.action_seconds:.1f} s"
        )
    else:
        print(f"  every process restarted in turn in {result.action_seconds:.1f} s")
    print(
        f"  page loads: {len(result.round.runs)}, of which {len(result.interrupted)} lost their "
        f"connection and were asked for again after reconnecting; failed: {failed}"
    )
    if reconnects:
        print(
            f"  reconnect (connection lost → new one open, signed in by cookie): p50 "
            f"{_seconds(percentile(reconnects, 0.5))} s, max {_seconds(max(reconnects))} s"
        )
