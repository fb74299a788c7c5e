"""The `village_projects` table (村级项目台账): each project of a village, its budget, status
and year."""

from __future__ import annotations

from collections import Counter

from dashboard.importer.tables.context import Context
from dashboard.importer.tables.ledgers import own_ids, positive, unique
from dashboard.importer.tables.villages import village_code_of


def assemble(context: Context) -> None:
    """The village projects' rows: refused when the village, the budget or a required cell is wrong."""
    ids = own_ids(context, "projects", "project_id", "VP", 3)
    keep = unique(context, "projects", "project_id", ids)
    counts = Counter()
    for record, project_id, ok in zip(context.records["projects"], ids, keep, strict=True):
        row = {
            "project_id": project_id,
            "village_code": village_code_of(context, record, counts),
            "name": context.need(record, "name"),
            "category": context.need(record, "category"),
            "budget_yuan": positive(context, record, "budget", allow_zero=True),
            "status": context.need(record, "status"),
            "year": context.need(record, "year"),
        }
        if ok and all(value is not None for value in row.values()):
            context.rows["village_projects"].append(row)
    context.derive(
        "village_projects",
        "village_code",
        counts["village_code"],
        "按村名在村情表中查得",
        "looked up from the village name in the villages file",
    )
