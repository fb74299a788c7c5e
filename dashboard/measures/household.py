"""What the household profile (户档案) shows besides its header: its tables labelled for the
reader, the snapshot it is shown on, the money it received, and the check findings about it
(the town-wide run of `queries/checks/*.sql`, by `dashboard/checks.py`, cut down to one
household here, not on the page)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard import checks
from dashboard.formatting import format_count, format_date, format_yuan
from dashboard.i18n import text
from dashboard.measures.cards import Card
from dashboard.reference import code_label
from dashboard.snapshots import not_in_source_label

# Reference-table (table, column) of the coded columns the tables show.
CODED = {
    "status": ("households", "status"),
    "attribute": ("households", "attribute"),
    "main_cause": ("households", "main_cause"),
    "relation": ("members", "relation"),
    "sex": ("members", "sex"),
    "education": ("members", "education"),
    "school_stage": ("members", "school_stage"),
    "health": ("members", "health"),
    "labor": ("members", "labor"),
    "migrant_work": ("members", "migrant_work"),
    "program": ("payments", "program"),
    "mode": ("loans", "mode"),
    "kind": ("visits", "kind"),
    "helper_level": ("helpers", "level"),
}
FINDING_COLUMNS = ["rule_id", "severity", "title", "detail", "person_id"]


def readable(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A profile table for the reader: codes as labels, headers in `lang`, years as integers."""
    table = frame.copy()
    for column, (source_table, source_column) in CODED.items():
        if column in table:
            table[column] = [
                None if pd.isna(code) else code_label(source_table, source_column, code, lang)
                for code in table[column]
            ]
    for column in ("exit_year", "income_year", "planned_exit_year"):
        if column in table:
            table[column] = table[column].astype("Int64")
    return table.rename(
        columns={column: text(f"household.column.{column}", lang) for column in table}
    )


def masking_key(viewer) -> str:
    """Which masking sentence the intro says for this viewer (`household.masking.<key>`): only
    what the data layer actually masks for his role (an analyst sees both whole: nothing said).

    >>> from dashboard.data import Viewer
    >>> masking_key(Viewer()), masking_key(Viewer(show_names=True)), masking_key(Viewer(True, True))
    ('both', 'id_numbers', 'none')
    """
    names, id_numbers = viewer.show_names, viewer.show_id_numbers
    if not names and not id_numbers:
        return "both"
    if names and not id_numbers:
        return "id_numbers"
    if id_numbers and not names:
        return "names"
    return "none"


def unit_names(units: pd.DataFrame) -> dict[str, str]:
    """{village code: name} of `queries/village_measures.sql`, in its order."""
    return dict(zip(units["village_code"], units["village_name"], strict=True))


def found_households(found: pd.DataFrame) -> list[str]:
    """The distinct 户编号 of a search's result, in its order (one row per member matched)."""
    return list(dict.fromkeys(found["household_id"]))


def shown_snapshot(history: pd.DataFrame, chosen: dt.date) -> dt.date | None:
    """The snapshot to show a household on: the chosen one if it is on the register there,
    else its latest on the register; None if it never was (`queries/household_history.sql`)."""
    present = list(history.loc[history["on_register"].astype(bool), "snapshot_date"])
    if not present:
        return None
    return chosen if chosen in present else max(present)


def paid_yuan(payments: pd.DataFrame) -> float:
    """The yuan of `queries/household_payments.sql`'s payments together."""
    return float(payments["amount_yuan"].sum()) if not payments.empty else 0.0


def findings_of(own: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A household's findings (`checks.stored_findings` of it), for the reader.

    The detail is already masked there. Columns: rule, severity, title, detail, person.
    """
    no_villages = pd.DataFrame({"village_code": [], "village_name": []})
    table = checks.findings_table(own, no_villages, lang)
    table["severity"] = [text(f"household.severity.{value}", lang) for value in table["severity"]]
    return table[FINDING_COLUMNS].rename(
        columns={column: text(f"household.column.{column}", lang) for column in FINDING_COLUMNS}
    )


def profile_cards(profile: pd.Series, lang: str) -> list[Card]:
    """Status, people and income per head of `household_profile`'s row."""
    return [
        Card(
            text("household.column.status", lang),
            code_label("households", "status", profile["status"], lang),
        ),
        Card(text("household.column.people", lang), format_count(profile["people"])),
        Card(
            text("household.card.income", lang, year=int(profile["income_year"])),
            format_yuan(profile["income_per_capita"], lang),
        ),
    ]


def profile_lines(profile: pd.Series, lang: str) -> list[str]:
    """The lines under the cards: attribute and cause, the years, the safety flags, the helper
    and (when there is one) the village contact. A line may be empty (no year known)."""
    attributes = " · ".join(
        code_label("households", key, profile[key], lang)
        if pd.notna(profile[key])
        else not_in_source_label(lang)
        for key in ("attribute", "main_cause")
        # a monitored_only household has no 贫困户属性 (v1.2): nothing to show, not "not in the source"
        if pd.notna(profile[key]) or profile["status"] != "monitored_only"
    )
    years = " · ".join(
        text(f"household.year.{key}", lang, year=int(profile[key]))
        for key in ("identified_year", "exit_year", "planned_exit_year")
        if pd.notna(profile[key])
    )
    flags = " · ".join(
        text(f"household.flag.{key}.{bool(profile[key])}".lower(), lang)
        if pd.notna(profile[key])
        else text(f"household.flag.{key}.none", lang, missing=not_in_source_label(lang))
        for key in ("housing_safe", "drinking_water_safe", "family_doctor_signed")
    )
    helper = (
        text(
            "household.helper",
            lang,
            name=profile["helper_name"],
            unit=profile["helper_unit"],
            level=code_label("helpers", "level", profile["helper_level"], lang),
        )
        if pd.notna(profile["helper_id"])
        else text("household.no_helper", lang)
    )
    lines = [attributes, years, flags, helper]
    if pd.notna(profile["village_contact_id"]):
        lines.append(
            text(
                "household.village_contact",
                lang,
                name=profile["village_contact_name"],
                unit=profile["village_contact_unit"],
            )
        )
    return lines


def other_snapshot_note(
    household_id: str, chosen: dt.date, shown: dt.date, lang: str
) -> str | None:
    """That the profile is of another snapshot than the chosen one (the household is not in
    it), None when it is the chosen one."""
    if shown == chosen:
        return None
    return text(
        "household.other_snapshot",
        lang,
        household=household_id,
        chosen=format_date(chosen, lang),
        shown=format_date(shown, lang),
    )


def payments_caption(payments: pd.DataFrame, lang: str) -> str | None:
    """`共 12 笔，合计 3,400元。` over the household's payments, None when there are none."""
    if payments.empty:
        return None
    return text(
        "household.payments.total",
        lang,
        yuan=format_yuan(paid_yuan(payments), lang),
        count=len(payments),
    )


MIN_ID_DIGITS = 4  # fewer digits match half the town: a search, not a lookup


def id_digits(typed: str) -> tuple[str, bool]:
    """The last digits of an ID number as typed, cleaned (`" 123x "` → `"123X"`), and whether
    they may be looked up: at least `MIN_ID_DIGITS` digits, an X only as a check digit's."""
    digits = typed.strip().upper()
    return digits, len(digits) >= MIN_ID_DIGITS and digits.replace("X", "").isdigit()


def search_query(mode: str) -> str:
    """The query a way of finding a household runs: `number` → `household_find_by_number`."""
    return f"household_find_by_{'id_number' if mode == 'id_digits' else mode}"
