"""`tuopin bench pages`: each page's server-side run time, cold and warm, printed as figures.

A page is run with Streamlit's AppTest (the same script runner the server uses, without a
browser). Cold: every Streamlit cache cleared first, so the run opens DuckDB and queries.
Warm: the same page again with caches filled, as a user clicking around sees it.
"""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

PAGES = {
    "/": None,
    "/progress": "views/progress.py",
    "/map": "views/village_map.py",
    "/industry": "views/industry.py",
    "/programs": "views/programs.py",
    "/helpers": "views/helper_accountability.py",
}
APP = Path(__file__).resolve().parent / "app.py"
RUN_TIMEOUT_SECONDS = 120


@dataclass(frozen=True)
class PageTiming:
    path: str
    cold_ms: float
    warm_ms: float
    runs: int


def _run_once(page: str | None, lang: str) -> float:
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(APP), default_timeout=RUN_TIMEOUT_SECONDS)
    app.query_params["lang"] = lang
    if page is not None:
        app.run()  # the entry page first: switching pages needs a session
        app.switch_page(page)
    started = time.perf_counter()
    app.run()
    elapsed = time.perf_counter() - started
    if app.exception:
        raise RuntimeError(f"{page or '/'} raised: {app.exception[0].message}")
    return elapsed * 1000


def bench_pages(data_dir: Path, runs: int = 5, lang: str = "zh") -> list[PageTiming]:
    """Median cold and warm run times of every page over `runs` runs each."""
    import streamlit as st

    os.environ["TUOPIN_DATA"] = str(data_dir)
    results = []
    for path, page in PAGES.items():
        cold, warm = [], []
        for _ in range(runs):
            st.cache_data.clear()
            st.cache_resource.clear()
            cold.append(_run_once(page, lang))
            warm.append(_run_once(page, lang))
        results.append(PageTiming(path, statistics.median(cold), statistics.median(warm), runs))
    return results
