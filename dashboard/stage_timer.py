"""What a long command is doing, on standard error: a line per stage that outlasts a second.

`tuopin deck` on a province reads its figures, draws a map of 16,000 villages and writes ten
slides; the first command on a new snapshot builds its derived tables. Each stage runs inside
`step`: nothing is printed when it is over within `QUIET_SECONDS` (a town's commands stay
silent), else its name as soon as that second is up and its time when it ends. Standard output
stays the command's own (a narrative, JSON, a table), fit for a pipe.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from dashboard.data import open_database

QUIET_SECONDS = 1.0


@contextmanager
def step(zh: str, en: str, stream: TextIO | None = None) -> Iterator[None]:
    """Run a stage; announce it on `stream` (standard error) once it takes over a second."""
    out = stream or sys.stderr
    started = time.perf_counter()
    shown = threading.Event()
    lock = threading.Lock()

    def announce() -> None:
        with lock:
            print(f"· {zh} / {en} …", file=out, flush=True)
            shown.set()

    timer = threading.Timer(QUIET_SECONDS, announce)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            if shown.is_set():
                elapsed = time.perf_counter() - started
                print(f"  {elapsed:,.1f} s", file=out, flush=True)


def open_data(data_dir):
    """`open_database` for a command: announced when it builds derived tables (minutes for a
    province's new snapshot) or is otherwise slow."""

    with step(
        "打开数据目录（新快照首次打开时建派生表）",
        "opening the data (a new snapshot's derived tables are built on its first open)",
    ):
        return open_database(data_dir)
