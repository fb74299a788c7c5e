"""The ledger page's access to the rectification ledger of this server's data directory.

Kept apart from the snapshot queries of `dashboard/ui/state.py`: the ledger is state that
changes while people work (not a snapshot), so its frame is read fresh on every run (a town's
ledger is a few thousand rows of SQLite, milliseconds), and saves go straight to the store.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.checks import run_catalogue
from dashboard.data import open_database
from dashboard.ledger.demo import ensure_demo_ledger
from dashboard.ledger.store import EditConflict, Ledger, LedgerError, SyncResult
from dashboard.ui import state

WEB_ACTOR = "web"  # who saves from the page, until sign-in names the user


def ledger() -> Ledger:
    """This server's ledger; the demo's 大排查 is written into it on first use."""
    store = Ledger.of(state.data_dir())
    if store.count() == 0:
        database = open_database(state.data_dir())
        try:
            ensure_demo_ledger(database, store)
        finally:
            database.close()
    return store


def problems() -> pd.DataFrame:
    """Every problem of the ledger, as the measures take them."""
    return ledger().frame()


def problem(problem_id: int) -> dict:
    """One problem as it is stored now (with the version a save must name)."""
    return ledger().get(problem_id)


def save(problem_id: int, *, version: int, status: str, on: dt.date, **changes) -> str | None:
    """Save a change; None when saved, else the sentence that says why not (nothing is lost)."""
    lang = state.language()
    try:
        ledger().update(
            problem_id, version=version, actor=WEB_ACTOR, status=status, on=on, **changes
        )
    except EditConflict as conflict:
        return conflict.message_zh if lang == "zh" else conflict.message_en
    except LedgerError as error:
        return error.message_zh if lang == "zh" else error.message_en
    return None


def sync(snapshot_date: dt.date) -> SyncResult:
    """Keep the finding problems in step with the snapshot's logic checks."""
    findings = run_catalogue(state.query, snapshot_date)
    return ledger().sync_findings(findings, snapshot_date, WEB_ACTOR)
