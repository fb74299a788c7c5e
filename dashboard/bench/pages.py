"""`tuopin bench pages`: each page's server-side run time, and the pages the benches may open.

Each page runs through Streamlit's AppTest (the script runner the server uses, without a
browser), three ways:

- cold: every Streamlit cache cleared first, the derived tables already built (their build time
  printed on its own line); the first session opens the page;
- warm: the same session runs the page again (a click inside the page), caches filled;
- second session: ANOTHER session (a second AppTest, the same identity, area and language)
  opens the page after the first has run: what the second user of a server waits for, and
  what the figures and tables shared between sessions (`dashboard/ui/shared.py`) save.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from dashboard.access import context, in_process
from dashboard.access.demo_accounts import require_demo
from dashboard.access.roles import DEMO, PAGES_BY_ROLE
from dashboard.data import open_database
from dashboard.ui.navigation import NAVIGATION

DASHBOARD_DIR = Path(__file__).resolve().parent.parent
APP = DASHBOARD_DIR / "app.py"
RUN_TIMEOUT_SECONDS = 300  # a cold page on the province demo takes seconds, not minutes


def app_pages() -> dict[str, str | None]:
    """Every page of the app, {url path: page file for AppTest}, from the one list of pages
    (`dashboard.ui.navigation.NAVIGATION`, which app.py registers), so a page added to the
    navigation is benchmarked without anyone remembering to list it here."""
    return {
        ("/" if url == "overview" else f"/{url}"): (
            None if url == "overview" else f"views/{module}"
        )
        for _section, url, module, _key in NAVIGATION
    }


def demo_pages() -> dict[str, str | None]:
    """The app's pages the bench's identity may open: the open demo's (the admin pages, users
    and audit, belong to an admin account, not to the in-process identity the bench runs as)."""
    allowed = PAGES_BY_ROLE[DEMO]
    return {
        path: page
        for path, page in app_pages().items()
        if (path.strip("/") or "overview") in allowed
    }


@dataclass(frozen=True)
class PageTiming:
    path: str
    cold_ms: float  # the first session's first run, every cache cleared
    warm_ms: float  # the first session's page run again (a rerun), caches filled
    runs: int
    error: str | None = None  # a page that raised or passed RUN_TIMEOUT_SECONDS: no figure
    second_session_ms: float = float("nan")  # another session opening the page afterwards


def _open_session(page: str | None, lang: str):
    """A new session (AppTest) on the entry page, switched to `page` and not yet run there."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(APP), default_timeout=RUN_TIMEOUT_SECONDS)
    app.query_params["lang"] = lang
    if page is not None:
        app.run()  # the entry page first: switching pages needs a session
        app.switch_page(page)
    return app


def _timed_run(app, page: str | None) -> float:
    """Run the session's current page once; its milliseconds (an error when it raised)."""
    started = time.perf_counter()
    app.run()
    elapsed = time.perf_counter() - started
    if app.exception:
        raise RuntimeError(f"{page or '/'} raised: {app.exception[0].message}")
    if app.session_state[context.IDENTITY_KEY] is None:  # timing the sign-in page means nothing
        raise RuntimeError(f"{page or '/'} ran without an identity (the sign-in page)")
    return elapsed * 1000


def prepare_derived(data_dir: Path) -> float:
    """Open the data layer once so the derived tables exist; the seconds it took."""
    started = time.perf_counter()
    open_database(Path(data_dir)).close()
    return time.perf_counter() - started


def bench_pages(
    data_dir: Path,
    runs: int = 5,
    lang: str = "zh",
    pages: dict[str, str | None] | None = None,
    profile: cProfile.Profile | None = None,
) -> list[PageTiming]:
    """Median cold and warm run times of every page over `runs` runs each.

    With `profile`, the second sessions' runs (what every further user of a warm server
    costs) are recorded in it. The pages run as the sanctioned in-process identity
    (`dashboard.access.in_process`), so on the demo only: NotTheDemo for any other data
    directory.
    """
    require_demo(Path(data_dir).resolve(), "页面基准（tuopin bench pages）", "tuopin bench pages")
    os.environ["TUOPIN_DATA"] = str(data_dir)
    with in_process.granted():
        return _bench_pages(pages or demo_pages(), runs, lang, profile)


@contextmanager
def profiled(profile: cProfile.Profile | None) -> Iterator[None]:
    """While inside, AppTest's script runs are recorded in `profile` (nothing without one).

    AppTest runs a page's script in a thread of its own, which a profiler enabled here would
    not see: the script runner's thread body is wrapped to enable `profile` in that thread.
    """
    if profile is None:
        yield
        return
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    original = LocalScriptRunner._run_script_thread

    def run_script_thread(runner: LocalScriptRunner) -> None:
        profile.enable()
        try:
            original(runner)
        finally:
            profile.disable()

    LocalScriptRunner._run_script_thread = run_script_thread
    try:
        yield
    finally:
        LocalScriptRunner._run_script_thread = original


def print_profile(profile: cProfile.Profile, path: Path, lines: int = 30) -> None:
    """Write `profile` to `path` (pstats; `python -m pstats FILE` reads it) and print its
    functions by own time and by cumulative time."""
    profile.dump_stats(path)
    stats = pstats.Stats(str(path))
    stats.strip_dirs()
    print(f"\nprofile of the second sessions' runs, written to {path}")
    for order in ("tottime", "cumulative"):
        stats.sort_stats(order).print_stats(lines)


def _bench_pages(
    pages: dict[str, str | None], runs: int, lang: str, profile: cProfile.Profile | None = None
) -> list[PageTiming]:
    import streamlit as st

    results = []
    for path, page in pages.items():
        cold, warm, second = [], [], []
        try:
            for _ in range(runs):
                st.cache_data.clear()
                st.cache_resource.clear()
                first = _open_session(page, lang)
                cold.append(_timed_run(first, page))
                warm.append(_timed_run(first, page))  # the same session again
                second_session = _open_session(page, lang)  # another, after the first
                with profiled(profile):
                    second.append(_timed_run(second_session, page))
        except RuntimeError as error:  # AppTest's timeout, or the page's own exception
            results.append(PageTiming(path, float("nan"), float("nan"), runs, str(error)))
            continue
        results.append(
            PageTiming(
                path,
                statistics.median(cold),
                statistics.median(warm),
                runs,
                second_session_ms=statistics.median(second),
            )
        )
    return results


def print_pages_header(data_dir: Path, runs: int) -> None:
    """The table's title and columns (`tuopin bench pages`)."""
    print(f"page run time on {data_dir}, median of {runs} runs (server side, AppTest)")
    print("warm: the same session again; 2nd session: another session opening the page after it")
    print(f"{'page':<12}{'cold ms':>10}{'warm ms':>10}{'2nd session ms':>16}")


def print_page_timing(timing: PageTiming) -> None:
    """One page's line of the table."""
    if timing.error:
        print(f"{timing.path:<12}{'—':>10}{'—':>10}{'—':>16}  {timing.error}", flush=True)
        return
    print(
        f"{timing.path:<12}{timing.cold_ms:>10.0f}{timing.warm_ms:>10.0f}"
        f"{timing.second_session_ms:>16.0f}",
        flush=True,
    )
