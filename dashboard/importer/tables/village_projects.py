"""The `village_projects` table (村级项目台账): each project of a village, its budget, status
and year."""

from __future__ import annotations

from collections import Counter

from dashboard.importer.tables.context import Context
from dashboard.importer.tables.ledgers import numbered, positive
from dashboard.importer.tables.villages import village_code_of


def assemble(context: Context) -> None:
    """The village projects' rows: refused when the village, the budget or a required cell is wrong."""
    counts = Counter()
    for record, project_id, ok in numbered(context, "projects", "project_id", "VP", 3):
        row = {
            "project_id": project_id,
            "village_code": village_code_of(context, record, counts),
            "name": context.need(record, "name"),
            "category": context.need(record, "category"),
            "budget_yuan": positive(context, record, "budget", allow_zero=True),
            "status": context.need(record, "status"),
            "year": context.need(record, "year"),
        }
        context.keep_row("village_projects", row, ok)
    context.derive(
        "village_projects",
        "village_code",
        counts["village_code"],
        "按村名在村情表中查得",
        "looked up from the village name in the villages file",
    )
