"""The ledger page's access to the rectification ledger of this server's data directory.

Kept apart from the snapshot queries of `dashboard/ui/state.py`: the ledger is state that
changes while people work (not a snapshot), so its frame is read fresh on every run (a town's
ledger is a few thousand rows of SQLite, milliseconds), and saves go straight to the store.
Who may see and do what is decided here, below the page: rows by the signed-in user's area
(and, for a helper, his own problems); edits by role (`dashboard.access.roles.LEDGER_EDITS`);
every change recorded in the audit log.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.access import audit, web
from dashboard.access.context import current_actor
from dashboard.access.roles import LEDGER_EDITS, Identity
from dashboard.checks import run_catalogue
from dashboard.data import open_database
from dashboard.i18n import text
from dashboard.ledger.demo import ensure_demo_ledger
from dashboard.ledger.measures import scoped
from dashboard.ledger.store import EditConflict, Ledger, LedgerError, SyncResult
from dashboard.ui import state


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


def identity() -> Identity | None:
    """Who is signed in (the open demo's identity under --no-auth or the in-process one)."""
    return web.session_identity()


def may_read() -> bool:
    """Whether the signed-in user may open the ledger at all (its page is theirs)."""
    who = identity()
    return who is not None and who.may_open("ledger")


def may(action: str) -> bool:
    """Whether the signed-in user may `assign`, `record`, `verify`, `sync` or `import`."""
    who = identity()
    return who is not None and any(
        action in LEDGER_EDITS.get(role, frozenset()) for role in who.roles
    )


def problems() -> pd.DataFrame:
    """The problems this user may see: in the area, and a helper's own."""
    return scoped(ledger().frame(), web.session_viewer())


def no_problems() -> pd.DataFrame:
    """An empty ledger frame (for a user the ledger is not for)."""
    return ledger().frame().iloc[0:0]


def problem(problem_id: int) -> dict:
    """One problem as it is stored now (with the version a save must name)."""
    return ledger().get(problem_id)


def save(problem_id: int, *, version: int, status: str, on: dt.date, **changes) -> str | None:
    """Save a change; None when saved, else the sentence that says why not (nothing is lost)."""
    lang = state.language()
    visible = problems()
    if not may("record") or problem_id not in set(visible["problem_id"]):
        return text("ledger.edit.refused", lang)
    if status == "verified" and not may("verify"):
        return text("ledger.edit.refused_verify", lang)
    try:
        ledger().update(
            problem_id, version=version, actor=current_actor(), status=status, on=on, **changes
        )
    except EditConflict as conflict:
        return conflict.message_zh if lang == "zh" else conflict.message_en
    except LedgerError as error:
        return error.message_zh if lang == "zh" else error.message_en
    audit.record_for(
        state.data_dir(),
        "ledger.changed",
        problem=problem_id,
        status=status,
        fields=sorted(changes),
    )
    return None


def sync(snapshot_date: dt.date) -> SyncResult:
    """Keep the finding problems in step with the snapshot's logic checks."""
    findings = run_catalogue(state.query, snapshot_date)
    result = ledger().sync_findings(findings, snapshot_date, current_actor())
    audit.record_for(
        state.data_dir(),
        "ledger.synced",
        snapshot=snapshot_date.isoformat(),
        added=result.added,
        fixed_in_data=result.fixed_in_data,
        reopened=result.reopened,
    )
    return result


def may_make_notices() -> bool:
    """Whether this user may make a notice: it names heads of household, so only a role that
    sees names (and may open the ledger)."""
    return may_read() and web.session_viewer().show_names


def notice_document(
    village_code: str,
    year: int,
    *,
    snapshot_date: dt.date,
    kind: str,
    stage: str,
    start: dt.date,
    phone: str,
    pdf: bool,
) -> tuple[bytes, str]:
    """The notice as .docx (or PDF) bytes and its title; recorded in the audit log."""
    from dashboard.evaluation.pdf import office_to_pdf
    from dashboard.notices import build_notice, notice_docx

    notice = build_notice(
        state.query, snapshot_date, village_code, year, kind=kind, stage=stage, start=start,
        phone=phone,
    )  # fmt: skip
    document = notice_docx(notice)
    if pdf:
        document = office_to_pdf(document, ".docx")
    audit.record_for(
        state.data_dir(),
        "notice.made",
        village=village_code,
        year=year,
        kind=kind,
        stage=stage,
        households=notice.households,
        pdf=pdf,
    )
    return document, notice.title
