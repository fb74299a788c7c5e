"""What the household profile (户档案) shows besides its header: its tables labelled for the
reader, the snapshot it is shown on, the money it received, and the check findings about it
(the town-wide run of `queries/checks/*.sql`, by `dashboard/checks.py`, cut down to one
household here, not on the page)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard import checks
from dashboard.i18n import text
from dashboard.reference import code_label

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
