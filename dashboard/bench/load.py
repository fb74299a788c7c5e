"""Many users at once: `tuopin bench load` opens N real Streamlit sessions on one server.

A real `tuopin serve` is started on a free port (its own fresh instance folder, so the data's
accounts, sessions and audit log are neither read nor written), and N sessions talk to it the
way a browser tab does: sign in through `/auth/sign-in` as a demo account (the session cookie
then rides on the WebSocket, as the browser's does), open Streamlit's WebSocket
(`/_stcore/stream`), ask for the first page by its URL path (a `rerun_script` BackMsg whose
ClientState names the page, as a page load does), then walk the other pages by their script
hash from the navigation message (as a click in the sidebar does). All N start at the same
moment and stay open until the last one has walked its pages.

A page's time runs from its rerun request to the `script_finished` that ends that run. A page
counts as an error when its run shows an exception or an `st.error`, ends in anything but
success, does not end within PAGE_TIMEOUT_SECONDS, loses its connection, or does not draw its
own heading (a signed-out session gets the sign-in page instead: that is an error too).

Memory is the server's resident set: the kernel's high-water mark of the server process
(VmHWM) and the sampled sum over it and any children, whichever is larger (Linux /proc).
By default a first round of MEMORY_SESSIONS sessions runs on a server of its own, so the
figure "with five sessions open" is measured, not guessed, beside the N-session round.

What a browser does and this does not: fetch the static JavaScript, images and media files,
and ask for a large table's rows lazily. The pages' server-side work is all here.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from dashboard import serving
from dashboard.access.demo_accounts import DEMO_ACCOUNTS_FILE, require_demo
from dashboard.access.sessions import COOKIE_NAME
from dashboard.bench.pages import demo_pages
from dashboard.errors import TuopinError
from dashboard.i18n import text
from dashboard.serving import RUNTIME_FOLDER, STATUS_FILE
from dashboard.snapshots import PROJECT_ROOT, get_snapshot

DEFAULT_SESSIONS = 20
# A tab's pause between two pages, as a fraction of --think drawn per page (seeded by the
# session's number): the tabs do not click in step, and a run is repeatable.
THINK_SPREAD = (0.5, 1.5)
# Issue 28's targets on the province (README "What one machine holds"): printed, never asserted.
TARGET_SESSIONS, TARGET_PROCESSES, TARGET_P95_SECONDS = 20, 2, 5.0
MANY_SESSIONS = 50  # … and fifty at once: no error, the p95 printed
DEFAULT_PAGES = ("/", "/progress", "/programs", "/helpers", "/map")
MEMORY_SESSIONS = 5  # the server's memory is promised for five sessions open at once
DEFAULT_ACCOUNT = "demo-leader"  # the secretary: every view page, the whole area
PAGE_TIMEOUT_SECONDS = 300.0  # a page that takes longer under load counts as an error
SERVER_START_SECONDS = 180.0  # the province's first serve makes its demo accounts (~1 min)
MEMORY_SAMPLE_SECONDS = 0.2  # how often the server tree's resident set is sampled
# Streamlit's own limit on a message is 200 MB (server.maxMessageSize): take whatever it sends.
MAX_MESSAGE_BYTES = 256 * 1024 * 1024
STREAM_PATH = "/_stcore/stream"
HEALTH_PATH = "/_stcore/health"
SIGN_IN_PATH = "/auth/sign-in"
SERVER_COOKIE = "SERVERID"  # HAProxy's sticky cookie (dashboard/serving.py)
RECONNECT_SECONDS = 60.0  # a tab that cannot reconnect within this has lost its session
RECONNECT_PAUSE_SECONDS = 0.25  # between a tab's reconnection attempts
LOG_FOLDER = "test-output"  # the servers' logs, beside the tests' output (not committed)


class LoadError(TuopinError):
    """The load run could not start: no server, no account, an unknown page."""


# --------------------------------------------------------------------------------- results
@dataclass
class PageRun:
    """One page opened by one session."""

    session: int
    path: str
    seconds: float
    received_bytes: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    # The page's first try lost its connection (its process died or restarted); the session
    # reconnected, as a browser's tab does, and asked for the page again: this is that run.
    lost: str | None = None
    reconnect_seconds: float | None = None  # from the lost connection to the new one open


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


# ---------------------------------------------------------------------------------- server
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    base: str
    process: subprocess.Popen
    instance: Path
    log: Path
    start_seconds: float
    processes: int = 1

    def status(self) -> dict:
        """`tuopin serve --processes`' processes.json: each process's name, port and pid."""

        return json.loads((self.instance / RUNTIME_FOLDER / STATUS_FILE).read_text("utf-8"))


def _wait_for_status(
    instance: Path, processes: int, process: subprocess.Popen, log_path: Path
) -> None:

    path = instance / RUNTIME_FOLDER / STATUS_FILE
    deadline = time.monotonic() + SERVER_START_SECONDS
    while not path.is_file():
        if process.poll() is not None or time.monotonic() > deadline:
            raise LoadError(
                f"tuopin serve --processes {processes} 没有启动：\n{_tail(log_path)}",
                f"tuopin serve --processes {processes} did not start:\n{_tail(log_path)}",
            )
        time.sleep(0.3)


@contextmanager
def tuopin_server(
    data_dir: Path, *, port: int | None = None, no_auth: bool = False, processes: int = 1
) -> Iterator[Server]:
    """`tuopin serve --data DIR` in a subprocess on `port` (a free one by default).

    Its instance folder is a fresh temporary one ($TUOPIN_INSTANCE), removed afterwards: the
    run's demo accounts, sessions and audit entries never touch the data's own instance. The
    server's output is kept in test-output/ (a page's traceback is there, not on the page).
    """
    port = port or free_port()
    scratch = Path(tempfile.mkdtemp(prefix="tuopin-load-"))
    instance = scratch / "instance"
    (PROJECT_ROOT / LOG_FOLDER).mkdir(exist_ok=True)
    log_path = PROJECT_ROOT / LOG_FOLDER / f"load-server-{port}.log"
    command = [sys.executable, "-m", "dashboard.cli", "serve", "--data", str(data_dir)]
    command += ["--no-auth"] if no_auth else []
    if processes > 1:  # N processes behind HAProxy on the port (dashboard/serving.py)
        command += ["--processes", str(processes), "--port", str(port), "--address", "127.0.0.1"]
    else:
        command += ["--", "--server.port", str(port), "--server.address", "127.0.0.1"]
    environment = {**os.environ, "TUOPIN_INSTANCE": str(instance), "TUOPIN_DATA": str(data_dir)}
    started = time.monotonic()
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT, env=environment
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(base, process, log_path)
        if processes > 1:  # HAProxy answers once every process is healthy: wait for all
            _wait_for_status(instance, processes, process, log_path)
        yield Server(base, process, instance, log_path, time.monotonic() - started, processes)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(scratch, ignore_errors=True)  # the demo passwords go with it


def _wait_for_health(base: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while True:
        if process.poll() is not None:
            raise LoadError(
                f"tuopin serve 启动失败（退出码 {process.returncode}）：\n{_tail(log_path)}",
                f"tuopin serve stopped with exit code {process.returncode}:\n{_tail(log_path)}",
            )
        try:
            with urllib.request.urlopen(base + HEALTH_PATH, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise LoadError(
                    f"tuopin serve 在 {SERVER_START_SECONDS:.0f} 秒内没有响应 {base}。",
                    f"tuopin serve did not answer on {base} within {SERVER_START_SECONDS:.0f} s.",
                ) from None
            time.sleep(0.5)


def _tail(path: Path, lines: int = 20) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def demo_password(instance: Path, account: str) -> str:
    """The password `tuopin serve` made for a demo account in this instance folder."""
    path = instance / DEMO_ACCOUNTS_FILE
    if path.is_file():
        for entry in json.loads(path.read_text(encoding="utf-8"))["accounts"]:
            if entry["name"] == account:
                return entry["password"]
    raise LoadError(
        f"没有演示账号 {account}（{path}）。",
        f"No demo account {account} in {path}.",
    )


class MemoryWatch:
    """The peak resident set of a process and its children, sampled in a thread.

    The kernel keeps the process's own peak (VmHWM), so a spike between two samples is not
    missed for the server itself; children (if any) are summed at each sample.
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_bytes = max(self.peak_bytes, _status_kb(self.pid, "VmHWM") * 1024)

    def _run(self) -> None:
        while not self._stop.wait(MEMORY_SAMPLE_SECONDS):
            tree = sum(_status_kb(pid, "VmRSS") for pid in _process_tree(self.pid))
            self.peak_bytes = max(self.peak_bytes, tree * 1024)


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _process_tree(pid: int) -> list[int]:
    found, waiting = [], [pid]
    while waiting:
        current = waiting.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                waiting += [int(child) for child in task.read_text().split()]
            except OSError:
                continue
    return found


# -------------------------------------------------------------------------------- sessions
def sign_in(base: str, name: str, password: str) -> str:
    """The session cookie `POST /auth/sign-in` sets for this account (the form a person fills)."""
    address = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=120)
    try:
        body = urllib.parse.urlencode({"name": name, "password": password})
        connection.request(
            "POST",
            SIGN_IN_PATH,
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": base},
        )
        response = connection.getresponse()
        response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie" and value.startswith(f"{COOKIE_NAME}="):
                return value.split(";", 1)[0]
        raise RuntimeError(f"sign-in as {name} refused (HTTP {response.status})")
    finally:
        connection.close()


def page_name(path: str) -> str:
    """What a page load of `path` sends as the page name: the URL path without its slash."""
    return path.strip("/")


def expected_heading(path: str, lang: str = "zh") -> str | None:
    """The heading the page draws first (`<page>.heading`), or None when it has none."""
    key = f"{page_name(path) or 'overview'}.heading"
    try:
        heading = text(key, lang)
    except KeyError:
        return None
    return None if heading == key else heading


class Session:
    """One browser tab's conversation with the server over Streamlit's WebSocket."""

    def __init__(self, index: int, base: str, cookie: str | None, timeout: float) -> None:
        self.index = index
        self.base = base
        self.timeout = timeout
        self.page_hashes: dict[str, str] = {}  # url path name → page script hash (navigation)
        self.socket = None
        # The tab's cookies: the sign-in's session cookie, and HAProxy's SERVERID (which
        # process holds this tab) once the WebSocket's answer has set it.
        self.cookies: dict[str, str] = {}
        if cookie:
            name, _, value = cookie.partition("=")
            self.cookies[name] = value

    @property
    def cookie(self) -> str | None:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items()) or None

    async def connect(self) -> None:
        from websockets.asyncio.client import connect

        headers = {"Origin": self.base}  # a browser always sends it; same-origin passes
        if self.cookie:
            headers["Cookie"] = self.cookie
        url = "ws" + self.base.removeprefix("http") + STREAM_PATH
        self.socket = await connect(
            url,
            subprotocols=["streamlit"],
            additional_headers=headers,
            max_size=MAX_MESSAGE_BYTES,
            open_timeout=self.timeout,
            ping_interval=None,  # a browser sends no WebSocket pings (uvicorn pings us)
        )
        response = getattr(self.socket, "response", None)
        for value in response.headers.get_all("Set-Cookie") if response is not None else ():
            name, _, rest = value.partition("=")
            if name == SERVER_COOKIE:
                self.cookies[name] = rest.split(";", 1)[0]

    @property
    def server(self) -> str | None:
        """The process HAProxy's cookie says holds this tab (None without HAProxy)."""
        return self.cookies.get(SERVER_COOKIE)

    async def reconnect(self) -> float:
        """Connect again after the connection was lost, as a tab does (every
        RECONNECT_PAUSE_SECONDS, for up to RECONNECT_SECONDS); the seconds it took."""
        started = time.perf_counter()
        await self.close()
        while True:
            try:
                await self.connect()
                return time.perf_counter() - started
            except Exception:
                if time.perf_counter() - started > RECONNECT_SECONDS:
                    raise
                await asyncio.sleep(RECONNECT_PAUSE_SECONDS)

    async def open(self, path: str, *, first: bool) -> PageRun:
        """Ask for one page and read until its run ends; the first as a page load, the rest
        as a click in the sidebar (by the page's script hash, as the frontend sends it)."""
        from streamlit.proto.BackMsg_pb2 import BackMsg

        message = BackMsg()
        state = message.rerun_script
        state.query_string = ""
        name = page_name(path)
        target = self.page_hashes.get(name or "__default__")
        if first or target is None:
            state.page_name = name
        else:
            state.page_script_hash = target
        state.context_info.timezone = "Asia/Shanghai"
        state.context_info.timezone_offset = -480
        state.context_info.locale = "zh-CN"
        state.context_info.url = self.base + path
        started = time.perf_counter()
        run = PageRun(self.index, path, 0.0)
        try:
            await self.socket.send(message.SerializeToString())
            headings = await asyncio.wait_for(self._read_run(run), self.timeout)
        except TimeoutError:
            run.error = f"no script_finished within {self.timeout:.0f} s"
        except Exception as error:  # a dropped connection, a protocol error
            run.error = f"{type(error).__name__}: {error}"
        else:
            wanted = expected_heading(path)
            if run.error is None and wanted is not None and wanted not in headings:
                shown = ", ".join(headings[:3]) or "none"
                run.error = f"heading {wanted!r} not drawn (headings: {shown})"
        run.seconds = time.perf_counter() - started
        return run

    async def _read_run(self, run: PageRun) -> list[str]:
        """Messages until the run's `script_finished`; the headings drawn, errors noted."""
        from streamlit.proto.Alert_pb2 import Alert
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        headings: list[str] = []
        while True:
            data = await self.socket.recv()
            run.received_bytes += len(data)
            message = ForwardMsg()
            message.ParseFromString(data)
            kind = message.WhichOneof("type")
            if kind == "navigation":
                for page in message.navigation.app_pages:
                    self.page_hashes[page.url_pathname] = page.page_script_hash
                    if page.is_default:
                        self.page_hashes["__default__"] = page.page_script_hash
            elif kind == "page_not_found":
                run.error = run.error or f"page not found: {message.page_not_found.page_name}"
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                which = element.WhichOneof("type")
                if which == "heading":
                    headings.append(element.heading.body)
                elif which == "exception":
                    note = f"{element.exception.type}: {element.exception.message}"[:300]
                    note = f"{run.path} {note}"
                    if element.exception.is_warning:
                        run.warnings.append(note)
                    else:
                        run.error = run.error or f"exception {note}"
                elif which == "alert" and element.alert.format == Alert.ERROR:
                    run.error = run.error or f"st.error: {element.alert.body[:300]}"
                elif which == "alert" and element.alert.format == Alert.WARNING:
                    run.warnings.append(f"{run.path} st.warning: {element.alert.body[:200]}")
            elif kind == "script_finished":
                status = message.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # st.rerun(): the page runs again, and that run is the page's
                if status != ForwardMsg.FINISHED_SUCCESSFULLY:
                    name = ForwardMsg.ScriptFinishedStatus.Name(status)
                    run.error = run.error or f"script finished with {name}"
                return headings

    async def close(self) -> None:
        if self.socket is not None:
            # A connection its server dropped has nothing left to close.
            with contextlib.suppress(Exception):
                await self.socket.close()


async def _walk(
    index: int,
    base: str,
    pages: tuple[str, ...],
    password: tuple[str, str] | None,
    timeout: float,
    sign_ins: list[float],
    everyone_done: asyncio.Barrier | None,
    *,
    reconnect: bool = False,
    walk_until: asyncio.Event | None = None,
    think: float = 0.0,
) -> tuple[list[PageRun], str | None]:
    """One session: sign in, connect, open each page in turn; stays open until all are done.

    With `reconnect`, a page whose connection was lost is asked for again on a new one (a
    browser's tab reconnects by itself); it fails only when that fails too. With `walk_until`,
    the pages are walked again and again until the event is set. With `think`, the tab pauses
    between two pages, a person reading (THINK_SPREAD of it, drawn per page; not timed).
    """
    session = None
    pauses = random.Random(index)
    try:
        cookie = None
        if password is not None:
            started = time.perf_counter()
            cookie = await asyncio.to_thread(sign_in, base, *password)
            sign_ins.append(time.perf_counter() - started)
        session = Session(index, base, cookie, timeout)
        await session.connect()
        runs = []
        opened = 0
        while True:
            for path in pages:
                if think > 0 and opened > 0:
                    await asyncio.sleep(think * pauses.uniform(*THINK_SPREAD))
                run = await session.open(path, first=opened == 0)
                opened += 1
                if run.error and session.socket.state.name != "OPEN" and reconnect:
                    run = await _again(session, path, run)
                runs.append(run)
                if run.error and session.socket.state.name != "OPEN":
                    return runs, None  # the connection is gone: no other page can be asked for
            if walk_until is None or walk_until.is_set():
                return runs, None
    except Exception as error:
        return [], f"session {index}: {type(error).__name__}: {error}"
    finally:
        if everyone_done is not None:
            await everyone_done.wait()  # a tab stays open while the others still load
        if session is not None:
            await session.close()


async def _again(session: Session, path: str, lost: PageRun) -> PageRun:
    """The page once more on a new connection, after `lost` lost its own."""
    try:
        seconds = await session.reconnect()
    except Exception as error:
        lost.error = f"{lost.error}; reconnect failed: {type(error).__name__}: {error}"
        return lost
    run = await session.open(path, first=True)  # a reconnected tab reloads its page
    run.lost = lost.error
    run.reconnect_seconds = seconds
    return run


async def _sessions(
    base: str,
    sessions: int,
    pages: tuple[str, ...],
    password: tuple[str, str] | None,
    timeout: float,
    *,
    reconnect: bool = False,
    walk_until: asyncio.Event | None = None,
    think: float = 0.0,
) -> tuple[list[PageRun], list[float], list[str]]:
    sign_ins: list[float] = []
    everyone_done = asyncio.Barrier(sessions)
    results = await asyncio.gather(
        *(
            _walk(
                index + 1,
                base,
                pages,
                password,
                timeout,
                sign_ins,
                everyone_done,
                reconnect=reconnect,
                walk_until=walk_until,
                think=think,
            )
            for index in range(sessions)
        )
    )
    runs = [run for session_runs, _ in results for run in session_runs]
    errors = [error for _, error in results if error]
    return runs, sign_ins, errors


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
        started = time.perf_counter()
        runs, sign_ins, session_errors = asyncio.run(
            _sessions(server.base, sessions, pages, password, timeout, think=think)
        )
        wall = time.perf_counter() - started
    return LoadRound(
        sessions,
        pages,
        not no_auth,
        runs,
        sign_ins,
        session_errors,
        memory.peak_bytes,
        server.start_seconds,
        wall,
        server.log,
        warmed,
        processes,
        think,
    )


def process_bases(server: Server) -> list[str]:
    """The address of each server process: behind HAProxy, each one's private port."""
    if server.processes == 1:
        return [server.base]
    return [f"http://127.0.0.1:{entry['port']}" for entry in server.status()["processes"]]


def warm_every_process(
    server: Server, pages: tuple[str, ...], password: tuple[str, str] | None, timeout: float
) -> list[PageRun]:
    """One session walks `pages` on each process at once, on its own port (through HAProxy a
    single session would warm the one process it lands on): the runs, an error run if any."""

    async def walk_each() -> list[tuple[list[PageRun], list[float], list[str]]]:
        return await asyncio.gather(
            *(_sessions(base, 1, pages, password, timeout) for base in process_bases(server))
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
            walked = await _sessions(
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

        started = time.perf_counter()
        runs, sign_ins, session_errors = asyncio.run(walk_and_disrupt())
        wall = time.perf_counter() - started
    result = LoadRound(
        sessions,
        pages,
        True,
        runs,
        sign_ins,
        session_errors,
        memory.peak_bytes,
        server.start_seconds,
        wall,
        server.log,
        warmed,
        processes,
        think,
    )
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
    counts = _positive("--sessions", (sessions,) if isinstance(sessions, int) else sessions)
    sizes = _positive("--processes", (processes,) if isinstance(processes, int) else processes)
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


def _positive(option: str, values: Sequence[int]) -> tuple[int, ...]:
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


# -------------------------------------------------------------------------------- printing
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
    print(f"  {'page':<12}{'runs':>6}{'errors':>8}{'p50 s':>8}{'p95 s':>8}{'max s':>8}{'MB':>7}")
    for path in result.pages:
        runs = [run for run in result.runs if run.path == path]
        times = result.times(path)
        received = statistics.mean(run.received_bytes for run in runs) if runs else 0
        print(
            f"  {path:<12}{len(runs):>6}{sum(bool(run.error) for run in runs):>8}"
            f"{_seconds(percentile(times, 0.5)):>8}{_seconds(percentile(times, 0.95)):>8}"
            f"{_seconds(max(times, default=float('nan'))):>8}{received / 1e6:>7.1f}"
        )
    times = result.times()
    print(
        f"  {'all':<12}{len(result.runs):>6}{len(result.errors):>8}"
        f"{_seconds(percentile(times, 0.5)):>8}{_seconds(percentile(times, 0.95)):>8}"
        f"{_seconds(max(times, default=float('nan'))):>8}"
    )
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
    print(f"peak memory of all processes together, largest round: {_gigabytes(peak)}")


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
