"""The `payments` table (补助发放台账): each payment of a programme to a household, or to one
person of it for the benefits paid per person; the household found by 户编号 or by 证件号码."""

from __future__ import annotations

from collections import Counter

from dashboard.importer.tables.context import Context
from dashboard.importer.tables.ledgers import (
    event_date,
    household_of,
    numbered,
    on_roster,
    positive,
)

PERSON_PROGRAMS = (  # benefits paid for one person: an ID number in the ledger names that person
    "education_aid",
    "rainbow_plan",
    "transport_subsidy",
    "public_welfare_job",
    "health_aid",
)


def assemble(context: Context) -> None:
    """The payments ledger's rows: refused when the household, the person, the amount or the date is wrong."""
    by_id_number = Counter()  # ledger rows whose household was found by ID number
    person_count = 0
    for record, payment_id, ok in numbered(context, "payments", "payment_id", "P", 6):
        v = record.values
        household_id, person_from_number = household_of(context, record, by_id_number)
        program = context.need(record, "program")
        person_id = v.get("person_id")
        if person_id is None and person_from_number and program in PERSON_PROGRAMS:
            person_id = person_from_number
            person_count += 1
        if person_id is not None:
            if not on_roster(context, record, person_id):
                continue
            if household_id and context.member_household[person_id] != household_id:
                context.error(
                    record,
                    "person_id",
                    f"人编号 {person_id} 不属于户 {household_id}。",
                    f"The person {person_id} is not a member of household {household_id}.",
                )
                continue
        row = {
            "payment_id": payment_id,
            "household_id": household_id,
            "person_id": person_id,
            "program": program,
            "item": v.get("item"),
            "amount_yuan": positive(context, record, "amount"),
            "paid_date": event_date(context, record, "paid_date"),
            "batch": v.get("batch"),
        }
        # the payment's own id is there when `ok`
        context.keep_row("payments", row, ok, optional=("person_id", "item", "batch"))
    context.derive(
        "payments",
        "household_id",
        by_id_number["household_id"],
        "由证件号码在贫困人口信息表中查得",
        "looked up from the ID number in the roster",
    )
    context.derive(
        "payments",
        "person_id",
        person_count,
        "由证件号码查得（只对发给个人的补助）",
        "from the ID number (benefits paid to one person only)",
    )
