"""What the ledger page (/ledger) says besides its charts: its filters' choices in words, its
cards, and the title and name of the town's Excel form. Pure functions over
`dashboard/ledger/measures.py`'s values; the counting itself is there."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import NamedTuple

import pandas as pd

from dashboard.formatting import format_count
from dashboard.hierarchy import LEVEL_LABELS
from dashboard.i18n import text
from dashboard.ledger import measures
from dashboard.ledger.store import CATEGORIES, CATEGORY_LABELS, STATUS_LABELS, STATUSES
from dashboard.measures.cards import Card

ANY = ""  # the filters' "all" choice
CARDS = ("total", "open", "overdue", "fixed_this_month")


class Filter(NamedTuple):
    """One filter of the list: its URL parameter, its choices (`ANY` first) and their words."""

    name: str
    options: list[str]
    label: Callable[[str], str]


def filters(choices: Mapping[str, Mapping[str, str]], lang: str) -> list[Filter]:
    """The list's filters: village, the helper responsible, category, status, then which of
    them (open, overdue, fixed this month: what the overview's cards link to). `choices` are
    `measures.filter_choices`' villages and helpers by code."""
    index = 0 if lang == "zh" else 1
    every = text("ledger.filter.all", lang)

    def named(words: Callable[[str], str]) -> Callable[[str], str]:
        return lambda code: every if code == ANY else words(code)

    return [
        Filter(
            "village", [ANY, *choices["village"]], named(lambda c: choices["village"].get(c, c))
        ),
        Filter(
            "responsible", [ANY, *choices["helper"]], named(lambda c: choices["helper"].get(c, c))
        ),
        Filter("category", [ANY, *CATEGORIES], named(lambda c: CATEGORY_LABELS[c][index])),
        Filter("status", [ANY, *STATUSES], named(lambda c: STATUS_LABELS[c][index])),
        Filter(
            "state",
            [ANY, *measures.STATES],
            lambda code: text(f"ledger.filter.state.{code or 'all'}", lang),
        ),
    ]


def selection(chosen: Mapping[str, str]) -> dict[str, str | None]:
    """The filters as `measures.select` takes them (`ANY` is no filter)."""
    names = {"village": "village_code", "responsible": "responsible_id"}
    return {names.get(name, name): value or None for name, value in chosen.items()}


def count_cards(counted: Mapping[str, int], lang: str) -> list[Card]:
    """Total, open, overdue and fixed this month (`measures.cards`' counts)."""
    return [Card(text(f"ledger.card.{name}", lang), format_count(counted[name])) for name in CARDS]


def upper_levels(area: str | None, selected: pd.DataFrame) -> list[str]:
    """The levels above the village of the area's problems (a county's towns, a city's
    counties and towns …), lowest last; none on a town's ledger."""
    levels = measures.levels_below(area, selected["village_code"])
    return [level for level in levels if level != "village"]


class Behind(NamedTuple):
    """A table of who is behind: its title, its rows, its section's key, its caption."""

    title: str
    table: pd.DataFrame
    key: str
    caption: str | None


def behind(selected: pd.DataFrame, day: dt.date, level: str | None, lang: str) -> list[Behind]:
    """Who is behind, as tables: the area's units at `level` (none without one), its
    villages and the helpers responsible; the responsible ones say what "responsible" means."""
    responsible = text("ledger.responsible.caption", lang)
    tables = []
    if level:
        title = text("ledger.section.level", lang, level=LEVEL_LABELS[level][lang])
        tables.append(
            Behind(title, measures.by_level(selected, day, level), "ledger_by_level", responsible)
        )
    return [
        *tables,
        Behind(
            text("ledger.section.villages", lang),
            measures.by_village(selected, day),
            "ledger_villages",
            None,
        ),
        Behind(
            text("ledger.section.responsible", lang),
            measures.by_responsible(selected, day),
            "ledger_responsible",
            responsible,
        ),
    ]


def form_title(place: str, day: dt.date, lang: str) -> str:
    """The title inside the town's Excel form."""
    return text("ledger.form_title", lang, place=place, date=day.isoformat())


def form_file_name(place: str, day: dt.date) -> str:
    """`某镇整改台账_2018-06-30.xlsx`: the form's file, named as the town files it."""
    return f"{place}整改台账_{day.isoformat()}.xlsx"
