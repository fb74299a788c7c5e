"""The `trainings` table (培训台账): each course a person of the roster took, the person found
by 人编号 or by 证件号码."""

from __future__ import annotations

from dashboard.importer.tables.context import Context
from dashboard.importer.tables.ledgers import event_date, on_roster
from dashboard.masking import mask_id_number


def assemble(context: Context) -> None:
    """The trainings' rows: refused when the person or the date is wrong."""
    by_number = 0
    for record in context.records["trainings"]:
        v = record.values
        person_id = v.get("person_id")
        if person_id is None and v.get("id_number"):
            person_id = context.person_by_id_number.get(v["id_number"])
            if person_id is None:
                context.error(
                    record,
                    "id_number",
                    f"证件号码 {mask_id_number(v['id_number'])} 不在贫困人口信息表中。",
                    f"The ID number {mask_id_number(v['id_number'])} is not in the roster.",
                )
                continue
            by_number += 1
        if person_id is None:
            context.need(record, "person_id" if "person_id" in record.headers else "id_number")
            continue
        if not on_roster(context, record, person_id):
            continue
        row = {
            "person_id": person_id,
            "course": context.need(record, "course"),
            "training_date": event_date(context, record, "training_date"),
        }
        context.keep_row("trainings", row)
    context.derive(
        "trainings",
        "person_id",
        by_number,
        "由证件号码在贫困人口信息表中查得",
        "looked up from the ID number in the roster",
    )
