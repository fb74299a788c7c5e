"""Browser tabs for a load run: each signs in, opens Streamlit's WebSocket, walks the pages.

A tab talks to the server the way a browser's does: it signs in through `/auth/sign-in` as a
demo account (the session cookie then rides on the WebSocket, as the browser's does), opens
Streamlit's WebSocket (`/_stcore/stream`), asks for the first page by its URL path (a
`rerun_script` BackMsg whose ClientState names the page, as a page load does), then walks the
other pages by their script hash from the navigation message (as a click in the sidebar
does). All N start at the same moment and stay open until the last one has walked its pages;
with a think time each pauses between two pages, as a person reading does.

A page's time runs from its rerun request to the `script_finished` that ends that run. A page
counts as an error when its run shows an exception or an `st.error`, ends in anything but
success, does not end within the timeout, loses its connection, or does not draw its own
heading (a signed-out tab gets the sign-in page instead: that is an error too).

What a browser does and this does not: fetch the static JavaScript, images and media files,
and ask for a large table's rows lazily. The pages' server-side work is all here.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import random
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from dashboard.access.sessions import COOKIE_NAME
from dashboard.i18n import text

PAGE_TIMEOUT_SECONDS = 300.0  # a page that takes longer under load counts as an error
# A tab's pause between two pages, as a fraction of the think time drawn per page (seeded by
# the session's number): the tabs do not click in step, and a run is repeatable.
THINK_SPREAD = (0.5, 1.5)
# Streamlit's own limit on a message is 200 MB (server.maxMessageSize): take whatever it sends.
MAX_MESSAGE_BYTES = 256 * 1024 * 1024
STREAM_PATH = "/_stcore/stream"
SIGN_IN_PATH = "/auth/sign-in"
SERVER_COOKIE = "SERVERID"  # HAProxy's sticky cookie (dashboard/serving.py)
RECONNECT_SECONDS = 60.0  # a tab that cannot reconnect within this has lost its session
RECONNECT_PAUSE_SECONDS = 0.25  # between a tab's reconnection attempts


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
    # When the run was asked for (time.monotonic) and which process held the tab (HAProxy's
    # cookie; None with one server): the server's CPU time is shared out among the runs in
    # flight on each process by these (`load.cpu_by_page`).
    started: float = 0.0
    server: str | None = None


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
        run = PageRun(self.index, path, 0.0, started=time.monotonic(), server=self.server)
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


async def open_sessions(
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
