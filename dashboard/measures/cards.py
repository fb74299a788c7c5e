"""What a card shows, as plain values: built by `dashboard/measures/<page>.py`, drawn by
`dashboard/ui/cards.py`.

A card is a label, a value as shown (`1,234 户`) and what may stand under it. The measures of a
page build its cards from a query's row (pure functions, tested without Streamlit), so the page
only hands them to `ui.cards.cards`::

    cards(measures.headline_cards(totals, before, lang), query="household_totals", lang=lang)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from dashboard.formatting import format_count
from dashboard.i18n import text


@dataclass(frozen=True)
class Link:
    """A link under a card to another page (`ledger` with `?state=open`)."""

    page: str
    label: str
    icon: str | None = None
    query_params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Card:
    """One number: its label, its value as shown (`1,234 户`), an optional line beneath it
    (the other measure, the exact sum), a tooltip, a change since the previous snapshot
    (`delta`, coloured as `delta_color` says: "normal", "inverse" or "off"; `delta_arrow`
    "off" for a change that is none) and a link."""

    label: str
    value: str
    caption: str | None = None
    help: str | None = None
    delta: int | float | str | None = None
    delta_color: str = "normal"
    delta_arrow: str = "auto"
    link: Link | None = None


def counted(value: object, unit: str, lang: str) -> str:
    """`1,234 户` (`unit` a text key such as `unit.households`); `1,234` where the unit's
    text is empty (English names the unit in the label)."""
    return f"{format_count(value)} {text(unit, lang)}".strip()


def households_people(households: object, people: object, lang: str) -> str:
    """`205 户 · 526 人` / `205 households · 526 people`: a card's line beneath it (the
    overview's words, shared by every page that writes both)."""
    return text(
        "overview.households_people",
        lang,
        households=format_count(households),
        people=format_count(people),
    )
