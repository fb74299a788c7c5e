"""The sanctioned in-process identity: for the bench, AppTest tests and load scripts, demo only.

Code that drives the app's script in its own process (Streamlit's AppTest: `tuopin bench
pages`, the tests, a load script) has no browser to sign in with. It calls `grant()`, and
`web.establish` then gives every session of this process that has not signed in the open
demo's identity (every page but users and audit, names masked), on two conditions checked at
every script run:

- the data directory is the demo: every snapshot synthetic, or without a single row (a test's
  empty snapshot, or a folder with no snapshot yet, holds nobody's data); on imported data
  with rows it is ignored;
- no Streamlit server runs in this process: `streamlit run` / `tuopin serve` makes a real
  `Runtime`, AppTest a stand-in. A grant in a serving process is never honoured, so no browser
  request can reach it.

It is a Python object in this module, not a header, cookie, query parameter or environment
variable: nothing a client sends can turn it on.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dashboard.access.demo_accounts import holds_no_register
from dashboard.access.roles import DEMO, Identity

IN_PROCESS_IDENTITY = Identity("in-process", (DEMO,), "")

_granted: Identity | None = None


def grant(identity: Identity = IN_PROCESS_IDENTITY) -> None:
    """From now on, in this process, sessions not signed in act as `identity` (demo only)."""
    global _granted
    _granted = identity


def revoke() -> None:
    global _granted
    _granted = None


@contextmanager
def granted(identity: Identity = IN_PROCESS_IDENTITY) -> Iterator[None]:
    """`grant` for the length of a block, then back to what it was."""
    global _granted
    before = _granted
    _granted = identity
    try:
        yield
    finally:
        _granted = before


def serving() -> bool:
    """Whether this process runs a real Streamlit server (AppTest installs a stand-in)."""
    from streamlit.runtime.runtime import Runtime

    return Runtime.exists() and type(Runtime.instance()) is Runtime


def identity_for(data_dir: Path) -> Identity | None:
    """The granted identity, if there is one and it may be used here; else None."""
    if _granted is None or serving():
        return None

    return _granted if holds_no_register(data_dir) else None
