"""The import page's steps as plain values: what a checked plan says, and whether it may be
written now (`dashboard/views/data_import.py` draws them, `dashboard/ui/import_steps.py` holds
its parts).

The steps: files uploaded and checked give a plan (`run.plan_uploaded`); the reader may correct
the header mapping, which checks again; a plan is written only when it has no error, no column
only guessed, and was not imported already. `confirmation` decides which of these holds, so the
page draws one sentence and, only when ready, the button.
"""

from __future__ import annotations

from typing import NamedTuple

from dashboard.formatting import format_count, format_date
from dashboard.i18n import text
from dashboard.importer.report import _kind
from dashboard.importer.run import ImportPlan
from dashboard.importer.validate import ParsedFile
from dashboard.measures.cards import Card
from dashboard.snapshots import SnapshotInfo


def summary_cards(plan: ImportPlan, lang: str) -> list[Card]:
    """What was found: files, errors, warnings and the people (members) read."""
    counts = {
        "files": len(plan.sources),
        "errors": len(plan.errors),
        "warnings": len(plan.warnings),
        "members": plan.row_counts().get("members", 0),
    }
    return [
        Card(text(f"import.metric.{name}", lang), format_count(count))
        for name, count in counts.items()
    ]


def file_heading(parsed: ParsedFile, lang: str) -> str:
    """A file's (or sheet's) mapping expander: `户表.xlsx [Sheet1] — 户 Households`."""
    label = parsed.name + (f" [{parsed.sheet}]" if parsed.sheet else "")
    return f"{label} — {_kind(parsed.kind, lang)}"


def needs_a_look(parsed: ParsedFile) -> bool:
    """Whether a file's mapping opens by itself: a column matched without certainty."""
    return any(match.unsure for match in parsed.matches)


def source_notes(plan: ImportPlan, lang: str) -> list[str]:
    """What the plan takes from elsewhere or lacks: records carried over from the snapshot it
    builds on, and each table's columns the source did not carry (contract v1.2)."""
    notes = []
    if plan.base is not None and plan.tables is not None:
        notes.append(
            text(
                "import.carried_over",
                lang,
                date=format_date(plan.base.snapshot_date, lang),
                records=format_count(plan.carried_records),
                added=format_count(plan.added_records),
            )
        )
    for table, columns in plan.not_in_source.items():
        listed = ", ".join(f"{table}.{column}" for column in columns)
        notes.append(text("import.not_in_source", lang, columns=listed))
    return notes


def may_be_written(plan: ImportPlan) -> bool:
    """A plan with no error and no column only guessed: asked, before writing it, whether
    the same files were imported already."""
    return plan.ok and not plan.guesses


class Confirmation(NamedTuple):
    """Where a checked plan stands: `kind` of its sentence ("error", "info", "success"; None
    for no sentence), the sentence, and the confirm button's label when it may be written."""

    kind: str | None
    sentence: str
    button: str | None


def confirmation(
    plan: ImportPlan, earlier: SnapshotInfo | None, suggestions: int, lang: str
) -> Confirmation:
    """Whether `plan` may be written: not with an error, not while a column is only a guess
    (the mapping section says so already), not when `earlier` (the same files) was imported;
    else ready, the button naming the `suggestions` it accepts with it."""
    if not plan.ok:
        blocked = text("import.blocked", lang, errors=format_count(len(plan.errors)))
        return Confirmation("error", blocked, None)
    if plan.guesses:
        return Confirmation(None, "", None)
    if earlier is not None:
        already = text(
            "import.already",
            lang,
            date=format_date(earlier.snapshot_date, lang),
            written=earlier.manifest.get("written_at", "")[:19],
        )
        return Confirmation("info", already, None)
    button = (
        text("import.confirm_suggestions", lang, count=format_count(suggestions))
        if suggestions
        else text("import.confirm", lang)
    )
    ready = text("import.ready", lang, date=format_date(plan.snapshot_date, lang))
    return Confirmation("success", ready, button)


def done(plan: ImportPlan, path: object, lang: str) -> str:
    """The sentence once written: the snapshot's date and where it lies."""
    return text("import.done", lang, date=format_date(plan.snapshot_date, lang), path=path)
