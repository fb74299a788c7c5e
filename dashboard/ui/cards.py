"""Cards: the key numbers of a page, a row of metrics that names the query file behind them.

A section (`ui/section.py`) names its query in the data expander under its chart; a row of
cards names it in one caption under the row, so the way back from a number on a card to its
SQL is one hop too::

    cards(
        [
            Card(text("progress.metric.exited", lang), "445 户", caption="445 户 · 1,001 人"),
            Card(text("progress.metric.remaining", lang), "205 户"),
        ],
        query=["household_totals", "exit_targets_by_year"],
        lang=lang,
    )

`query=None` says on purpose that the numbers come from no query file (a second row of the
same query's numbers, already named once).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from dashboard.measures.cards import Card, Link
from dashboard.ui import navigation
from dashboard.ui.section import source_note

__all__ = ["Card", "Link", "card", "cards"]


def card(place: Any, item: Card | str, *, border: bool = True) -> None:
    """Draw one card in `place` (a column, or `st`): the number, the line beneath it, its link.

    A string in place of a card is drawn as an info box (a figure this snapshot does not have,
    said in a sentence: "2018 年无脱贫目标").
    """
    if isinstance(item, str):
        place.info(item)
        return
    place.metric(
        item.label,
        item.value,
        delta=item.delta,
        delta_color=item.delta_color,
        delta_arrow=item.delta_arrow,
        border=border,
        help=item.help,
    )
    if item.caption:
        place.caption(item.caption)
    if item.link is not None:
        navigation.page_link(
            item.link.page,
            label=item.link.label,
            icon=item.link.icon,
            query_params=dict(item.link.query_params) or None,
            container=place,
        )


def cards(
    items: Sequence[Card | str | None],
    *,
    query: str | Sequence[str] | None,
    lang: str,
    columns: int | Sequence[float] | None = None,
    border: bool = True,
) -> None:
    """A row of cards, one per column, then the query file(s) they come from.

    `None` in `items` leaves its column empty (a figure this area does not have); `columns`
    (a count or relative widths) gives the row more columns than cards, and keeps the row's
    place when a query returned no row at all. `query` is what a
    section's `query` is: a query name (`"household_totals"` → `queries/household_totals.sql`),
    several, a path, or None for numbers named elsewhere.
    """
    if not items and columns is None:
        raise ValueError("cards needs at least one card, or its columns (a row of none)")
    places = st.columns(columns if columns is not None else len(items))
    if len(places) < len(items):
        raise ValueError(f"{len(items)} cards do not fit in {len(places)} columns")
    for place, item in zip(places, items, strict=False):
        if item is not None:
            card(place, item, border=border)
    if query:
        st.caption(source_note(query, lang))
