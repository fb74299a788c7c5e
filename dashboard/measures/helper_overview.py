"""A helper's own overview (/ as a 帮扶干部): his households and nothing measured beyond them.

Every figure here is computed from `queries/helper_own_households.sql`, which the data layer
limits to the households the helper answers for, and from his own problems in the ledger. No
target, no incidence and no rank: each of those divides by, or compares with, rows he does
not see (the town's target, the town's population, the other villages), so they mean nothing
to him and are left out (issue 25).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.formatting import format_count, format_date, format_yuan
from dashboard.i18n import text
from dashboard.measures.cards import Card, counted
from dashboard.measures.rules import VISIT_WINDOW_DAYS
from dashboard.reference import code_label
from dashboard.snapshots import not_in_source_label

NOT_EXITED = ("not_exited", "relapsed")  # queries/definitions/10_household_status.sql


def is_helper_view(viewer) -> bool:
    """Whether the overview is a helper's own: the viewer's rows are one helper's households."""
    return getattr(viewer, "helper_id", None) is not None


def cards(households: pd.DataFrame, day: dt.date) -> dict[str, int]:
    """His households, their people, those not exited, those of them meeting the exit standard
    already, and those his own visit has not reached in `VISIT_WINDOW_DAYS` days."""
    not_exited = households["status"].isin(NOT_EXITED)
    last = pd.to_datetime(households["last_visit_date"], errors="coerce")
    stale = last.isna() | (last < pd.Timestamp(day) - pd.Timedelta(days=VISIT_WINDOW_DAYS))
    return {
        "households": len(households),
        "people": int(households["people"].sum()),
        "not_exited": int(not_exited.sum()),
        # eq(True): unknown (a test whose column the source did not carry) is not meeting it
        "not_exited_meeting": int((not_exited & households["meets_exit_standard"].eq(True)).sum()),
        "not_visited": int(stale.sum()),
    }


# His four cards, in order: the names of `cards`' numbers, each counted in households.
CARDS = ("households", "not_exited", "not_exited_meeting", "not_visited")


def card_items(numbers: dict[str, int], lang: str) -> list[Card]:
    """His four cards from `cards`' numbers: `12 户` each, the visit window in its label."""
    return [
        Card(
            text(f"overview.helper.card.{name}", lang, days=VISIT_WINDOW_DAYS),
            counted(numbers[name], "unit.households", lang),
        )
        for name in CARDS
    ]


def lacks(row: pd.Series, lang: str) -> str:
    """What a household still lacks for the exit standard, in words ('' when it meets it).

    The parts are those of `meets_exit_standard` (queries/definitions/30_exit_standard.sql).
    """
    missing = []
    if not row["is_income_above_line"]:
        missing.append(
            text(
                "overview.helper.lacks.income",
                lang,
                income=format_yuan(row["income_per_capita"], lang),
                line=format_yuan(row["poverty_line_yuan"], lang),
            )
        )
    unknown = []  # tests whose column the source did not carry (contract v1.2)
    for test, value, lacking_it in (
        ("housing_unsafe", row["housing_safe"], lambda v: not v),
        ("water_unsafe", row["drinking_water_safe"], lambda v: not v),
        ("someone_uninsured", row["uninsured_members"], bool),
        ("child_out_of_school", row["children_out_of_school"], bool),
    ):
        if value is None or pd.isna(value):
            unknown.append(text(f"overview.test.{test}", lang))
        elif lacking_it(value):
            missing.append(_lack(test, value, lang))
    if unknown:
        missing.append(
            text(
                "overview.reasons_not_in_source",
                lang,
                tests=text("overview.test_separator", lang).join(unknown),
                label=not_in_source_label(lang),
            )
        )
    return text("attention.separator", lang).join(missing)


def _lack(test: str, value: object, lang: str) -> str:
    """One unmet test of 两不愁三保障 in words."""
    if test == "housing_unsafe":
        return text("overview.helper.lacks.housing", lang)
    if test == "water_unsafe":
        return text("overview.helper.lacks.water", lang)
    if test == "someone_uninsured":
        return text("overview.helper.lacks.insurance", lang, people=int(value))
    return text("overview.helper.lacks.school", lang, children=int(value))


def readable(households: pd.DataFrame, lang: str) -> pd.DataFrame:
    """His households as he reads them: status in words, the standard met or what it lacks,
    the last visits and what was paid, with headers in `lang`."""
    yes, no = text("overview.helper.yes", lang), text("overview.helper.no", lang)
    table = pd.DataFrame(
        {
            "household_id": households["household_id"],
            "head_name": households["head_name"],
            "village_name": households["village_name"],
            "group_name": households["group_name"],
            "status": [code_label("households", "status", s, lang) for s in households["status"]],
            "people": households["people"],
            "meets_exit_standard": [
                yes if met else no for met in households["meets_exit_standard"]
            ],
            "lacks": [lacks(row, lang) for _index, row in households.iterrows()],
            "last_visit_date": [_date(value, lang) for value in households["last_visit_date"]],
            "any_last_visit_date": [
                _date(value, lang) for value in households["any_last_visit_date"]
            ],
            "paid_yuan_year": households["paid_yuan_year"],
            "paid_yuan": households["paid_yuan"],
        }
    )
    return table.rename(columns={c: text(f"overview.helper.column.{c}", lang) for c in table})


def household_column(lang: str) -> str:
    """The header of the 户编号 column of `readable`, which links to each profile."""
    return text("overview.helper.column.household_id", lang)


def summary(numbers: dict[str, int], lang: str) -> str:
    """One sentence under his cards: who is still to exit and who already could."""
    return text(
        "overview.helper.summary",
        lang,
        not_exited=format_count(numbers["not_exited"]),
        meeting=format_count(numbers["not_exited_meeting"]),
    )


def _date(value: object, lang: str) -> str:
    if value is None or pd.isna(value):
        return text("overview.helper.never", lang)
    return format_date(pd.Timestamp(value).date(), lang)
