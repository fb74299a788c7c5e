"""The `loans` table (小额信贷台账): each loan to a household, found by 户编号 or by 证件号码."""

from __future__ import annotations

from collections import Counter

from dashboard.importer.tables.context import Context
from dashboard.importer.tables.ledgers import event_date, household_of, numbered, positive


def assemble(context: Context) -> None:
    """The loans ledger's rows: refused when the household, the term, the amount or the date is wrong."""
    by_id_number = Counter()  # ledger rows whose household was found by ID number
    for record, loan_id, ok in numbered(context, "loans", "loan_id", "L", 5):
        household_id, _ = household_of(context, record, by_id_number)
        term = context.need(record, "term_months")
        if term is not None and term <= 0:
            context.error(
                record,
                "term_months",
                f"贷款期限 {term} 个月必须大于0。",
                f"A term of {term} months must be more than 0.",
            )
            term = None
        row = {
            "loan_id": loan_id,
            "household_id": household_id,
            "mode": context.need(record, "mode"),
            "amount_yuan": positive(context, record, "amount"),
            "issued_date": event_date(context, record, "issued_date"),
            "term_months": term,
            "enterprise": record.values.get("enterprise"),
        }
        context.keep_row("loans", row, ok, optional=("enterprise",))
    context.derive(
        "loans",
        "household_id",
        by_id_number["household_id"],
        "由证件号码在贫困人口信息表中查得",
        "looked up from the ID number in the roster",
    )
