"""The `visits` table (走访记录): each visit of a helper (by number, or by name in the helpers
file) to a household (by 户编号 or by 证件号码)."""

from __future__ import annotations

from collections import Counter

from dashboard.importer.tables.context import Context
from dashboard.importer.tables.ledgers import event_date, household_of, numbered


def assemble(context: Context) -> None:
    """The visits' rows: refused when the helper, the household or the date is wrong."""
    by_id_number = Counter()  # ledger rows whose household was found by ID number
    by_name = 0
    for record, visit_id, ok in numbered(context, "visits", "visit_id", "V", 6):
        v = record.values
        helper_id = v.get("helper_id")
        if helper_id is None and v.get("helper_name"):
            found = context.helper_by_name.get(v["helper_name"], [])
            if len(found) == 1:
                helper_id = found[0]
                by_name += 1
            else:
                context.error(
                    record,
                    "helper_name",
                    f"帮扶人“{v['helper_name']}”在帮扶责任人表中{'没有' if not found else '有重名'}，请改用帮扶人编号。",
                    f"The helper “{v['helper_name']}” is {'not' if not found else 'more than once'} in the helpers file; use the helper number.",
                )
                continue
        elif helper_id is None:
            context.need(record, "helper_id" if "helper_id" in record.headers else "helper_name")
            continue
        if helper_id not in context.helper_rows:
            context.error(
                record,
                "helper_id",
                f"帮扶人编号 {helper_id} 不在帮扶责任人表中。",
                f"The helper {helper_id} is not in the helpers file.",
            )
            continue
        household_id, _ = household_of(context, record, by_id_number)
        row = {
            "visit_id": visit_id,
            "helper_id": helper_id,
            "household_id": household_id,
            "visit_date": event_date(context, record, "visit_date"),
            "kind": context.need(record, "kind"),
        }
        context.keep_row("visits", row, ok)
    context.derive(
        "visits",
        "household_id",
        by_id_number["household_id"],
        "由证件号码在贫困人口信息表中查得",
        "looked up from the ID number in the roster",
    )
    context.derive(
        "visits",
        "helper_id",
        by_name,
        "由帮扶人姓名在帮扶责任人表中查得",
        "looked up from the helper's name in the helpers file",
    )
