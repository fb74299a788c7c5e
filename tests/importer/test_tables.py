"""One contract table's assembly on its own (dashboard/importer/tables/): rows made by hand, the
lookups the earlier tables would have left in the shared context set by hand, and the module
that makes the table run alone. What it refuses, what it derives and what it keeps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dashboard.importer.records import ERROR, Problems, Record
from dashboard.importer.tables import payments, trainings, visits
from dashboard.importer.tables.context import Context

SNAPSHOT_DATE = dt.date(2020, 12, 31)
HEAD_NUMBER = "341182198001011236"  # in the roster below
OTHER_NUMBER = "341182199002022341"  # in no roster


def ledger_row(file_kind: str, row: int, /, **values) -> Record:
    """A parsed row of a `file_kind` file, each field headed by its own name."""
    headers = {name: name for name in values}
    return Record(f"{file_kind}.csv", None, row, dict(values), dict(values), headers, file_kind)


def context_with_roster() -> Context:
    """A context as the villages, helpers and households modules leave it: two households of
    three people, one helper."""
    context = Context([], SNAPSHOT_DATE, Problems())
    context.household_rows = {"H1": None, "H2": None}
    context.member_household = {"H101": "H1", "H102": "H1", "H201": "H2"}
    context.person_by_id_number = {HEAD_NUMBER: "H101"}
    context.helper_rows = {"B01": None}
    context.helper_by_name["王芳"].append("B01")
    return context


def ledger(context: Context, kind: str, records: list[Record]) -> None:
    context.records[kind] = records
    context.fields[kind] = {name for record in records for name in record.values}


def test_a_payment_by_an_id_number_names_its_household_and_for_a_person_benefit_the_person():
    context = context_with_roster()
    ledger(
        context,
        "payments",
        [
            ledger_row("payments", 2, id_number=HEAD_NUMBER, program="education_aid",
                       amount=Decimal("500"), paid_date=dt.date(2019, 9, 1)),
            ledger_row("payments", 3, id_number=HEAD_NUMBER, program="industry_planting",
                       amount=Decimal("800"), paid_date=dt.date(2019, 10, 1)),
        ],
    )  # fmt: skip
    payments.assemble(context)
    rows = context.rows["payments"]
    assert [(r["payment_id"], r["household_id"], r["person_id"]) for r in rows] == [
        ("P000001", "H1", "H101"),
        ("P000002", "H1", None),  # paid to the household: no person
    ]
    assert context.problems.items == []
    derived = {(d.table, d.column): d.rows for d in context.derived}
    assert derived == {
        ("payments", "payment_id"): 2,
        ("payments", "household_id"): 2,
        ("payments", "person_id"): 1,
    }


def test_a_payment_row_is_refused_with_its_reason_and_the_others_kept():
    context = context_with_roster()
    ledger(
        context,
        "payments",
        [
            ledger_row("payments", 2, household_id="H1", person_id="H201", program="education_aid",
                       amount=Decimal("500"), paid_date=dt.date(2019, 9, 1)),
            ledger_row("payments", 3, id_number=OTHER_NUMBER, program="education_aid",
                       amount=Decimal("500"), paid_date=dt.date(2019, 9, 1)),
            ledger_row("payments", 4, household_id="H2", program="education_aid",
                       amount=Decimal("-5"), paid_date=dt.date(2021, 1, 5)),
            ledger_row("payments", 5, household_id="H2", program="education_aid",
                       amount=Decimal("300"), paid_date=dt.date(2020, 3, 1)),
        ],
    )  # fmt: skip
    payments.assemble(context)
    assert [r["household_id"] for r in context.rows["payments"]] == ["H2"]
    found = [(p.severity, p.row, p.column, p.message_en) for p in context.problems.items]
    assert found == [
        (ERROR, 2, "person_id", "The person H201 is not a member of household H1."),
        (ERROR, 3, "id_number", "The ID number 341182********2341 is not in the roster."),
        (ERROR, 4, "amount", "The amount -5 must be more than 0."),
        (
            ERROR,
            4,
            "paid_date",
            "The date 2021-01-05 is after the snapshot date 2020-12-31: a snapshot holds only "
            "what happened before it.",
        ),
    ]
    assert "341182199002022341" not in context.problems.items[1].message_zh


def test_a_visit_finds_its_helper_by_name_only_when_the_name_is_one_helper():
    context = context_with_roster()
    ledger(
        context,
        "visits",
        [
            ledger_row("visits", 2, helper_name="王芳", household_id="H1",
                       visit_date=dt.date(2020, 5, 1), kind="visit"),
            ledger_row("visits", 3, helper_name="李强", household_id="H1",
                       visit_date=dt.date(2020, 5, 2), kind="visit"),
        ],
    )  # fmt: skip
    visits.assemble(context)
    assert [(r["visit_id"], r["helper_id"]) for r in context.rows["visits"]] == [("V000001", "B01")]
    assert [(p.row, p.column, p.message_en) for p in context.problems.items] == [
        (3, "helper_name", "The helper “李强” is not in the helpers file; use the helper number."),
    ]


def test_a_training_of_someone_not_in_the_roster_is_refused():
    context = context_with_roster()
    ledger(
        context,
        "trainings",
        [
            ledger_row("trainings", 2, id_number=HEAD_NUMBER, course="种植",
                       training_date=dt.date(2020, 4, 1)),
            ledger_row("trainings", 3, person_id="H999", course="种植",
                       training_date=dt.date(2020, 4, 1)),
        ],
    )  # fmt: skip
    trainings.assemble(context)
    assert context.rows["trainings"] == [
        {"person_id": "H101", "course": "种植", "training_date": dt.date(2020, 4, 1)}
    ]
    assert [(p.row, p.message_zh) for p in context.problems.items] == [
        (3, "人编号 H999 不在贫困人口信息表中。")
    ]
