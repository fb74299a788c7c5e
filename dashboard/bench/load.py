"""Many users at once: `tuopin bench load` opens N signed-in tabs on a real `tuopin serve`.

A round is N tabs (`tabs.py`) at once on a fresh server (`server.py`): one process, or N
behind HAProxy; caches cold (the server has run no page) or warm (one tab walked the pages on
each process first). By default a first round of MEMORY_SESSIONS tabs runs on a server of its
own, so the figure "with five sessions open" is measured, not guessed. A fault run is a walk
during which one process is SIGKILLed, or every process drained and restarted in turn; the
tabs reconnect as a browser's do. `load_report.py` prints it all, with the load table and
issue 28's targets.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from dashboard import serving
from dashboard.access.demo_accounts import require_demo
from dashboard.bench.pages import demo_pages
from dashboard.bench.server import (
    SERVER_START_SECONDS,
    CpuWatch,
    LoadError,
    MemoryWatch,
    Server,
    demo_password,
    process_bases,
    tuopin_server,
)
from dashboard.bench.tabs import PAGE_TIMEOUT_SECONDS, PageRun, open_sessions
from dashboard.snapshots import get_snapshot

DEFAULT_SESSIONS = 20
DEFAULT_PAGES = ("/", "/progress", "/programs", "/helpers", "/map")
MEMORY_SESSIONS = 5  # the server's memory is promised for five sessions open at once
DEFAULT_ACCOUNT = "demo-leader"  # the secretary: every view page, the whole area


@dataclass
class LoadRound:
    """N sessions at once on one fresh server."""

    sessions: int
    pages: tuple[str, ...]
    signed_in: bool
    runs: list[PageRun]
    sign_in_seconds: list[float]
    session_errors: list[str]  # a session that failed before any page (sign-in, connect)
    peak_rss_bytes: int
    server_start_seconds: float
    wall_seconds: float
    server_log: Path
    warm_up: list[PageRun] = field(default_factory=list)
    processes: int = 1  # server processes behind HAProxy (1: one server, no HAProxy)
    think_seconds: float = 0.0  # a tab's mean pause between two pages (0: it clicks at once)
    # The Streamlit processes' CPU time during the walk (`CpuWatch.samples`), and the load
    # generator's own (it runs on the same cores).
    cpu_samples: list[tuple[float, dict[str | None, float]]] = field(default_factory=list)
    client_cpu_seconds: float = float("nan")

    @property
    def server_cpu_seconds(self) -> float:
        """The CPU seconds the server's processes spent during the walk (NaN: not measured)."""
        return sum(self.cpu_samples[-1][1].values()) if self.cpu_samples else float("nan")

    def cpu_per_page(self, path: str | None = None) -> float:
        """Server CPU seconds per page load: of one page (its share of the CPU while it was in
        flight, `cpu_by_page`), or of the whole walk (all of it over every page load)."""
        runs = [run for run in self.runs if path is None or run.path == path]
        if not runs or not self.cpu_samples:
            return float("nan")
        if path is None:
            return self.server_cpu_seconds / len(runs)
        return cpu_by_page(self.cpu_samples, self.runs).get(path, 0.0) / len(runs)

    @property
    def caches(self) -> str:
        """`warm` when one session walked the pages first, else `cold`."""
        return "warm" if self.warm_up else "cold"

    @property
    def errors(self) -> list[str]:
        return self.session_errors + [
            f"session {run.session} {run.path}: {run.error}" for run in self.runs if run.error
        ]

    def times(self, path: str | None = None) -> list[float]:
        """Seconds of every page run that finished (of one page, when given)."""
        return [
            run.seconds
            for run in self.runs
            if run.error is None and (path is None or run.path == path)
        ]


@dataclass
class LoadBench:
    data_dir: Path
    households: int
    rounds: list[LoadRound]  # one per processes × sessions × caches asked for, in that order
    memory: LoadRound | None  # the MEMORY_SESSIONS round, on its own server (None: skipped)
    load_average: float  # the machine's 1-minute load before the run: others' work skews times
    disruptions: list[Disruption] = field(default_factory=list)  # the fault and restart runs

    @property
    def main(self) -> LoadRound:
        """The last round (the only one when one sessions, processes and caches were asked)."""
        return self.rounds[-1]

    @property
    def failed(self) -> bool:
        rounds = self.rounds + ([self.memory] if self.memory is not None else [])
        rounds += [disruption.round for disruption in self.disruptions]
        return any(round_.errors for round_ in rounds)


def percentile(values: list[float], share: float) -> float:
    """The `share` percentile (0–1) by linear interpolation; NaN for no values."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def cpu_by_page(
    samples: list[tuple[float, dict[str | None, float]]], runs: list[PageRun]
) -> dict[str | None, float]:
    """The server's CPU seconds shared out among the pages: between two samples, each
    process's CPU time goes to the page runs in flight on that process, in proportion to how
    long each was in flight in that interval; time with no run in flight goes to None.

    With runs sharing a process's CPU as its interpreter does (in turn), a run that needs c
    seconds of CPU among n others takes about n·c seconds and is charged 1/n of the CPU the
    while: c. A run waiting on something other than CPU (a lock, the network) is charged for
    the others' work meanwhile, so the split is an estimate; the total is measured.
    """
    by_process: dict[str | None, list[PageRun]] = {}
    for run in runs:
        by_process.setdefault(run.server, []).append(run)
    shares: dict[str | None, float] = {}
    for (begun, before), (ended, after) in zip(samples, samples[1:], strict=False):
        for name, total in after.items():
            spent = total - before.get(name, 0.0)
            if spent <= 0:
                continue
            overlaps = [
                (run.path, min(ended, run.started + run.seconds) - max(begun, run.started))
                for run in by_process.get(name, ())
            ]
            overlaps = [(path, length) for path, length in overlaps if length > 0]
            flight = sum(length for _, length in overlaps)
            if not flight:
                shares[None] = shares.get(None, 0.0) + spent
            for path, length in overlaps:
                shares[path] = shares.get(path, 0.0) + spent * length / flight
    return shares


def run_round(
    data_dir: Path,
    sessions: int,
    pages: tuple[str, ...],
    *,
    port: int | None = None,
    no_auth: bool = False,
    account: str = DEFAULT_ACCOUNT,
    timeout: float = PAGE_TIMEOUT_SECONDS,
    warm_up: bool = False,
    processes: int = 1,
    think: float = 0.0,
) -> LoadRound:
    """Start a fresh server (N processes behind HAProxy when `processes` > 1), open `sessions`
    sessions at once, each walking `pages`."""
    with (
        tuopin_server(data_dir, port=port, no_auth=no_auth, processes=processes) as server,
        MemoryWatch(server.process.pid) as memory,
    ):
        password = None if no_auth else (account, demo_password(server.instance, account))
        warmed = warm_every_process(server, pages, password, timeout) if warm_up else []
        walked = timed_round(
            server,
            lambda: open_sessions(server.base, sessions, pages, password, timeout, think=think),
            sessions=sessions,
            pages=pages,
            signed_in=not no_auth,
            warmed=warmed,
            processes=processes,
            think=think,
        )
    # the peak taken once the watch has stopped (its last reading is at its end)
    return replace(walked, peak_rss_bytes=memory.peak_bytes)


def timed_round(
    server: Server,
    walk: Callable[[], Awaitable[tuple[list, list, list]]],
    *,
    sessions: int,
    pages: tuple[str, ...],
    signed_in: bool,
    warmed: list[PageRun],
    processes: int,
    think: float,
) -> LoadRound:
    """Run one walk of the sessions, timed: its wall time, the server's CPU sampled while it
    runs and the load generator's own CPU, in the round's figures. Its peak memory (0 here) is
    the caller's to fill in once its `MemoryWatch` has stopped."""
    started, client_started = time.perf_counter(), time.process_time()
    with CpuWatch(server) as cpu:
        runs, sign_ins, session_errors = asyncio.run(walk())
    wall = time.perf_counter() - started
    client_cpu = time.process_time() - client_started
    return LoadRound(
        sessions,
        pages,
        signed_in,
        runs,
        sign_ins,
        session_errors,
        0,
        server.start_seconds,
        wall,
        server.log,
        warmed,
        processes,
        think,
        cpu.samples,
        client_cpu,
    )


def warm_every_process(
    server: Server, pages: tuple[str, ...], password: tuple[str, str] | None, timeout: float
) -> list[PageRun]:
    """One session walks `pages` on each process at once, on its own port (through HAProxy a
    single session would warm the one process it lands on): the runs, an error run if any."""

    async def walk_each() -> list[tuple[list[PageRun], list[float], list[str]]]:
        return await asyncio.gather(
            *(open_sessions(base, 1, pages, password, timeout) for base in process_bases(server))
        )

    warmed: list[PageRun] = []
    for runs, _, problems in asyncio.run(walk_each()):
        warmed += runs
        if problems:
            warmed.append(PageRun(0, "(warm-up)", 0.0, error="; ".join(problems)))
    return warmed


# ------------------------------------------------------------------ faults and restarts
DISRUPTION_LEAD_SECONDS = 3.0  # the sessions walk this long before a process is killed
DISRUPTION_TAIL_SECONDS = 5.0  # … and this long after the kill or the rolling restart
DISRUPTION_SECONDS = 600.0  # a rolling restart that takes longer has failed


@dataclass
class Disruption:
    """A walk during which a process was killed (`kill`) or all restarted in turn (`rolling`)."""

    kind: str
    round: LoadRound
    victim: str | None  # the process killed (the one holding most tabs)
    action_seconds: float  # the kill until the supervisor's new process was healthy; the
    # rolling restart from SIGHUP until the last process was back

    @property
    def interrupted(self) -> list[PageRun]:
        """Page loads whose connection was lost, asked for again after reconnecting."""
        return [run for run in self.round.runs if run.lost is not None]

    @property
    def reconnect_seconds(self) -> list[float]:
        return [run.reconnect_seconds for run in self.interrupted if run.reconnect_seconds]


def kill_busiest(server: Server) -> tuple[str, float]:
    """SIGKILL the process holding most tabs (HAProxy's current sessions); its name, and the
    seconds until the supervisor's new process answered HAProxy's health check."""
    import signal

    status = server.status()
    states = serving.server_states(status["socket"])
    victim = max(status["processes"], key=lambda entry: int(states[entry["name"]]["scur"] or 0))
    killed = time.perf_counter()
    os.kill(victim["pid"], signal.SIGKILL)
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        # The new process's own health endpoint: HAProxy may not have seen the old one go yet.
        pid = next(e["pid"] for e in server.status()["processes"] if e["name"] == victim["name"])
        if pid != victim["pid"] and serving.healthy(f"http://127.0.0.1:{victim['port']}"):
            break
        time.sleep(0.2)
    return victim["name"], time.perf_counter() - killed


def rolling_restart(server: Server) -> float:
    """SIGHUP to the supervisor (`tuopin serve`), then wait until every process was restarted
    once and HAProxy sees them all UP; the seconds it took."""
    import signal

    before = {entry["name"]: entry["restarts"] for entry in server.status()["processes"]}
    started = time.perf_counter()
    os.kill(server.process.pid, signal.SIGHUP)
    deadline = time.monotonic() + DISRUPTION_SECONDS
    while time.monotonic() < deadline:
        status = server.status()
        done = all(entry["restarts"] > before[entry["name"]] for entry in status["processes"])
        states = serving.server_states(status["socket"])
        if done and all(state.get("status") == "UP" for state in states.values()):
            return time.perf_counter() - started
        time.sleep(0.3)
    raise LoadError(
        f"逐个重启在 {DISRUPTION_SECONDS:.0f} 秒内没有完成（{server.log}）。",
        f"The rolling restart did not finish within {DISRUPTION_SECONDS:.0f} s ({server.log}).",
    )


def run_disruption(
    data_dir: Path,
    sessions: int,
    pages: tuple[str, ...],
    kind: str,
    *,
    processes: int = 2,
    port: int | None = None,
    account: str = DEFAULT_ACCOUNT,
    timeout: float = PAGE_TIMEOUT_SECONDS,
    lead_seconds: float = DISRUPTION_LEAD_SECONDS,
    tail_seconds: float = DISRUPTION_TAIL_SECONDS,
    think: float = 0.0,
) -> Disruption:
    """Signed-in sessions walk `pages` again and again through HAProxy while one process is
    SIGKILLed (`kind="kill"`) or every process is drained and restarted in turn
    (`kind="rolling"`); they reconnect as browser tabs do. Warm caches first (one walk on
    each process)."""
    if kind not in ("kill", "rolling") or processes < 2:
        raise LoadError(
            "故障测试需要 kill 或 rolling，且至少两个进程。",
            "A fault run is kill or rolling, with at least two processes.",
        )
    with (
        tuopin_server(data_dir, port=port, processes=processes) as server,
        MemoryWatch(server.process.pid) as memory,
    ):
        password = (account, demo_password(server.instance, account))
        warmed = warm_every_process(server, pages, password, timeout)
        outcome: dict[str, object] = {}

        async def walk_and_disrupt():
            stop = asyncio.Event()

            async def disrupt():
                try:
                    await asyncio.sleep(lead_seconds)
                    if kind == "kill":
                        outcome["victim"], outcome["seconds"] = await asyncio.to_thread(
                            kill_busiest, server
                        )
                    else:
                        outcome["seconds"] = await asyncio.to_thread(rolling_restart, server)
                    await asyncio.sleep(tail_seconds)
                finally:
                    stop.set()

            acting = asyncio.create_task(disrupt())
            walked = await open_sessions(
                server.base,
                sessions,
                pages,
                password,
                timeout,
                reconnect=True,
                walk_until=stop,
                think=think,
            )
            await acting  # its error, if any, is the run's
            return walked

        result = timed_round(
            server,
            walk_and_disrupt,
            sessions=sessions,
            pages=pages,
            signed_in=True,
            warmed=warmed,
            processes=processes,
            think=think,
        )
    result = replace(result, peak_rss_bytes=memory.peak_bytes)
    return Disruption(kind, result, outcome.get("victim"), float(outcome.get("seconds", 0.0)))


def check_pages(pages: tuple[str, ...]) -> tuple[str, ...]:
    """The pages as the app names them; LoadError for a path the demo's roles cannot open."""
    known = demo_pages()
    unknown = [path for path in pages if path not in known]
    if unknown or not pages:
        raise LoadError(
            f"没有这个页面：{', '.join(unknown) or '（空）'}（页面：{', '.join(known)}）",
            f"No such page: {', '.join(unknown) or '(none)'} (pages: {', '.join(known)})",
        )
    return pages


def bench_load(
    data_dir: Path,
    sessions: int | Sequence[int] = DEFAULT_SESSIONS,
    pages: tuple[str, ...] = DEFAULT_PAGES,
    *,
    port: int | None = None,
    no_auth: bool = False,
    account: str = DEFAULT_ACCOUNT,
    timeout: float = PAGE_TIMEOUT_SECONDS,
    memory_sessions: int = MEMORY_SESSIONS,
    warm_up: bool = False,
    processes: int | Sequence[int] = 1,
    faults: tuple[str, ...] = (),
    caches: Sequence[str] | None = None,
    think: float = 0.0,
) -> LoadBench:
    """The load benchmark on demo data: a MEMORY_SESSIONS round, then a round for each
    processes × sessions × caches asked for (each on a fresh server), then the fault runs.

    `caches` is ("cold",), ("warm",) or both (default: warm with `warm_up`, else cold); the
    fault runs use the first number of sessions. Demo data only (NotTheDemo otherwise): the
    sessions sign in as a demo account, whose password `tuopin serve` makes for the demo alone
    (or use `--no-auth`, the demo's too).
    """
    data_dir = Path(data_dir).resolve()
    require_demo(data_dir, "负载测试（tuopin bench load）", "The load bench (tuopin bench load)")
    pages = check_pages(tuple(pages))
    counts = whole_numbers("--sessions", (sessions,) if isinstance(sessions, int) else sessions)
    sizes = whole_numbers("--processes", (processes,) if isinstance(processes, int) else processes)
    temperatures = tuple(caches) if caches else (("warm",) if warm_up else ("cold",))
    if think < 0:
        raise LoadError(
            f"--think 不能为负数（{think}）。", f"--think cannot be negative ({think})."
        )
    unknown = [name for name in temperatures if name not in ("cold", "warm")]
    if unknown:
        raise LoadError(
            f"--caches 只能是 cold 或 warm，不是 {', '.join(unknown)}。",
            f"--caches is cold or warm, not {', '.join(unknown)}.",
        )
    households = get_snapshot(data_dir).row_counts.get("households", 0)
    load_average = os.getloadavg()[0]
    options = dict(port=port, no_auth=no_auth, account=account, timeout=timeout, think=think)
    memory = None
    if 0 < memory_sessions < max(counts) and memory_sessions not in counts:
        memory = run_round(
            data_dir,
            memory_sessions,
            pages,
            processes=sizes[0],
            warm_up=temperatures[0] == "warm",
            **options,
        )
    rounds = [
        run_round(data_dir, count, pages, processes=size, warm_up=caches_ == "warm", **options)
        for size in sizes
        for count in counts
        for caches_ in temperatures
    ]
    if memory is None:
        memory = next((found for found in rounds if found.sessions == memory_sessions), None)
    disruptions = [
        run_disruption(
            data_dir,
            counts[0],
            pages,
            kind,
            processes=max(2, *sizes),
            port=port,
            account=account,
            timeout=timeout,
            think=think,
        )
        for kind in faults
    ]
    return LoadBench(data_dir, households, rounds, memory, load_average, disruptions)


def whole_numbers(option: str, values: Sequence[int]) -> tuple[int, ...]:
    """The numbers of an option that takes a list (`--sessions 20,50`); LoadError for none or
    for a number below one."""
    values = tuple(values)
    if not values or any(value < 1 for value in values):
        shown = ", ".join(str(value) for value in values)
        raise LoadError(
            f"{option} 需要一个或多个正整数，不是 {shown or '（空）'}。",
            f"{option} takes one or more whole numbers above 0, not {shown or '(none)'}.",
        )
    return values
