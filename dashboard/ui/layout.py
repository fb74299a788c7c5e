"""What pages repeat around their sections: a section given as data, a page's sections set up
once with its words, sections side by side or in tabs, a list's first rows.

A page's charts read as a list of `Chart`s, each naming its query, its frame and the builder
that draws it, so a page lists what it shows instead of laying out columns by hand::

    show = Sections("industry", lang, readable=charts.table_for_download, file_suffix=stem)
    if show.topic("mix", nothing=items.empty, empty=show.text("empty.period")):
        show.side_by_side(
            Chart("industry_items", items, charts.mix_treemap, lang, key="industry_mix"),
            Chart("industry_items", items, charts.items_ranked_figure, measure, lang),
        )

`Chart(query, frame, builder, *args, **options)` draws `builder(frame, *args)` once per
content (`ui/shared.py`); its key is the query's name unless `key=` says otherwise; `title=`,
`drill=` and the other options go to `section` (`ui/section.py`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.formatting import format_count
from dashboard.i18n import messages, text
from dashboard.ui import state
from dashboard.ui.components import shown_rows
from dashboard.ui.section import labelled, page_sections, topic
from dashboard.ui.shared import shared_figure


@dataclass(frozen=True, init=False)
class Chart:
    """One section as data: its query, its frame, what draws it and how.

    `builder` (None: the table alone) is called as `builder(frame, *args)`; `options` are
    `section`'s (`caption`, `empty`, `table`, `stem`…) with five of `Sections`: `label` (a
    table labeller called as `label(frame, lang)`, in place of `table`), `title`
    (None by default), `about` (the title and caption by the page's words, and `words` for
    this section's own values), `key` (the
    query's name by default) and `drill` (the key of the pills under the section that open a
    unit of the next level down, `state.unit_drill`).
    """

    query: str | Sequence[str] | None
    frame: pd.DataFrame
    builder: Callable[..., Any] | None
    args: tuple
    options: Mapping[str, Any] = field(default_factory=dict)

    def __init__(
        self,
        query: str | Sequence[str] | None,
        frame: pd.DataFrame,
        builder: Callable[..., Any] | None = None,
        *args: object,
        **options: Any,
    ) -> None:
        object.__setattr__(self, "query", query)
        object.__setattr__(self, "frame", frame)
        object.__setattr__(self, "builder", builder)
        object.__setattr__(self, "args", args)
        object.__setattr__(self, "options", options)

    @property
    def key(self) -> str:
        """The section's widget key: `key=`, else the query's name."""
        key = self.options.get("key", self.query)
        if not isinstance(key, str):
            raise ValueError(f"a section of queries {self.query!r} needs its own key=")
        return key


class Sections:
    """A page's sections, set up once: `page_sections` for its language, labels and file
    names, and its words: `text("batches.caption")` is the message `<page>.batches.caption`
    filled with the page's `words` (`level=村`) and any values given.

    `Chart(..., about="batches")` is titled `<page>.section.batches` and captioned
    `<page>.batches.caption` when the page has that message: the names every page gives its
    sections' words.
    """

    def __init__(
        self,
        page: str,
        lang: str,
        *,
        words: Mapping[str, object] | None = None,
        **setup: Any,
    ) -> None:
        self.page = page
        self.lang = lang
        self.words = dict(words or {})
        self.show = page_sections(lang, **setup)

    def text(self, key: str, **values: object) -> str:
        """The page's message `key` (`"section.mix"` → `industry.section.mix`)."""
        return text(f"{self.page}.{key}", self.lang, **{**self.words, **values})

    def draw(self, chart: Chart) -> object:
        """Draw one `Chart`; its drill-down under it. Returns the chart's selection state."""
        options = dict(chart.options)
        about, words = options.pop("about", None), options.pop("words", {})
        if about is not None:
            options.setdefault("title", self.text(f"section.{about}", **words))
            if f"{self.page}.{about}.caption" in messages():  # a section may have none
                options.setdefault("caption", self.text(f"{about}.caption", **words))
        if (label := options.pop("label", None)) is not None:  # labelled lazily, as `readable`
            options["table"] = functools.partial(labelled, label, self.lang)
        title = options.pop("title", None)
        drill = options.pop("drill", None)
        options["key"] = chart.key
        if chart.builder is not None:
            options["figure"] = shared_figure(chart.builder, chart.frame, *chart.args)
        drawn = self.show(title, chart.frame, query=chart.query, **options)
        if drill is not None:
            state.unit_drill(chart.frame, self.lang, drill)
        return drawn

    def __call__(self, *charts: Chart | None) -> None:
        """Draw `charts` one below the other; None is a section this view leaves out."""
        for chart in charts:
            if chart is not None:
                self.draw(chart)

    def side_by_side(self, *charts: Chart | None, widths: Sequence[float] | None = None) -> None:
        """Draw `charts` in columns, one each (`widths` relative, equal by default); None
        leaves its column empty (a chart this viewer does not get)."""
        for place, chart in zip(st.columns(widths or len(charts)), charts, strict=False):
            if chart is not None:
                with place:
                    self.draw(chart)

    def in_tabs(self, labels: Sequence[str], charts: Sequence[Chart]) -> None:
        """One tab per chart, labelled `labels`, each holding its section."""
        for tab, chart in zip(st.tabs(list(labels)), charts, strict=True):
            with tab:
                self.draw(chart)

    def topic(
        self, about: str, *, words: Mapping[str, object] | None = None, **options: Any
    ) -> bool:
        """`topic` titled `<page>.section.<about>` (filled with `words` too): True when there
        is something to show under it."""
        return topic(self.text(f"section.{about}", **(words or {})), **options)


def list_limit() -> int | None:
    """How many rows a page asks of a list query: all of a town's (None), the first
    `shown_rows()` above a town (a province's lists run to a million rows; files hold them
    whole through the unit's own page)."""
    return None if state.units_are_villages() else shown_rows()


def first_rows_note(key: str, limit: int | None, lang: str, **values: object) -> None:
    """Say that a list holds only its first `limit` rows (`key` the sentence, with `shown`
    and any count in `values`); nothing on a town's page, whose lists are whole."""
    if limit is not None:
        counts = {name: format_count(value) for name, value in values.items()}
        st.caption(text(key, lang, shown=format_count(limit), **counts))
