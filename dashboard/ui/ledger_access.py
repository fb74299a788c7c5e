"""The ledger page's access to the rectification ledger of this server's data directory.

Kept apart from the snapshot queries of `dashboard/ui/state.py`: the ledger is state that
changes while people work (not a snapshot), so its frame is read fresh on every run (a town's
ledger is a few thousand rows of SQLite, milliseconds), and saves go straight to the store.
Who may see and do what is decided below the page: rows by the signed-in user's area (and,
for a helper, his own problems) here; edits by role in the ledger's own policy
(`dashboard/ledger/policy.py`), which every save here asks; every change recorded in the
audit log.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.access import audit, web
from dashboard.access.context import current_actor
from dashboard.access.roles import Identity
from dashboard.checks import stored_findings
from dashboard.evaluation.pdf import office_to_pdf
from dashboard.i18n import text
from dashboard.ledger import policy
from dashboard.ledger.demo import ensure_demo_ledger
from dashboard.ledger.excel import import_ledger_workbook
from dashboard.ledger.measures import scoped
from dashboard.ledger.store import EditConflict, Ledger, LedgerError, SyncResult
from dashboard.notices import build_notice, notice_docx
from dashboard.ui import state


def ledger() -> Ledger:
    """This server's ledger; the demo's 大排查 is written into it on first use."""
    directory = state.data_dir()
    store = Ledger.of(directory)
    if store.count() == 0:
        # Sessions opening at once: one seeds (from this server's open database), the rest wait.
        with state.one_at_a_time(("demo ledger", str(directory))):
            ensure_demo_ledger(state.database(), store)
    return store


def identity() -> Identity | None:
    """Who is signed in (the open demo's identity under --no-auth or the in-process one)."""
    return web.session_identity()


def may_read() -> bool:
    """Whether the signed-in user may open the ledger at all (its page is theirs)."""
    who = identity()
    return who is not None and who.may_open("ledger")


def helper_id() -> str | None:
    """The helper the signed-in user is, when he is one (his ledger is his own problems)."""
    return web.session_viewer().helper_id


def may(action: str) -> bool:
    """Whether the signed-in user may `assign`, `record`, `verify`, `sync` or `import`."""
    return policy.may(identity(), action)


def status_choices(current_status: str) -> list[str]:
    """The statuses the signed-in user may give a problem now in `current_status`
    (`policy.status_choices`)."""
    return policy.status_choices(identity(), current_status)


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
    visible = set(problems()["problem_id"])
    refused = policy.refusal(
        identity(),
        problem_id=problem_id,
        visible=visible,
        status=status,
        current_status=ledger().get(problem_id)["status"] if problem_id in visible else "",
        changes=changes,
    )
    if refused is not None:
        return text(refused, lang)
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


def sync(snapshot_date: dt.date) -> SyncResult | str:
    """Keep the finding problems of the user's area in step with the snapshot's logic checks;
    the sentence that says why not when the ledger follows a later snapshot already."""
    # The user's area (the data layer's scope), as /quality lists them: the kept findings.
    findings = stored_findings(state.query, snapshot_date)
    area = web.session_viewer().area or ""
    try:
        result = ledger().sync_findings(findings, snapshot_date, current_actor(), area)
    except LedgerError as error:
        return error.message_zh if state.language() == "zh" else error.message_en
    audit.record_for(
        state.data_dir(),
        "ledger.synced",
        snapshot=snapshot_date.isoformat(),
        area=area,
        added=result.added,
        fixed_in_data=result.fixed_in_data,
        reopened=result.reopened,
    )
    return result


def add_clues(clues: list[dict], snapshot_date: dt.date) -> int | str:
    """Enter the monitoring page's clues as problems to check (analysts: the `assign` action);
    how many were entered, or the sentence that says why not. Audited."""
    if not may("assign"):
        return text("ledger.edit.refused", state.language())
    added = ledger().add_clues(clues, snapshot_date, current_actor())
    audit.record_for(
        state.data_dir(),
        "ledger.clues_added",
        snapshot=snapshot_date.isoformat(),
        clues=len(clues),
        added=added,
    )
    return added


def import_workbook(
    content: bytes, file_name: str, names: pd.DataFrame, found_date: dt.date
) -> tuple[int, list]:
    """Enter a town's Excel ledger uploaded on the page, as `tuopin ledger import` does.

    (problems entered, the rows' problems as the roster import's `Problem`s): nothing is
    entered when any row is bad. `names` are the page's (`queries/ledger_names.sql`, in the
    user's area), so only villages, heads and helpers this user sees can be matched. Only a
    role that may `import`; audited either way.
    """
    if not may("import"):
        raise LedgerError("您的角色不能导入整改台账。", "Your role may not import a ledger.")
    written, errors = import_ledger_workbook(
        ledger(), content, names, found_date, current_actor(), file_name
    )
    audit.record_for(  # a refused file too: rows 0, and how many rows were refused
        state.data_dir(),
        "ledger.imported",
        file=file_name,
        rows=written,
        refused_rows=len({error.row for error in errors}),
    )
    return written, errors


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
