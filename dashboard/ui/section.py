"""A section of a page: title, the sentence when there is nothing to show, caption, chart, data.

Every chart on every page has the same shape, so a page module reads as the list of what it
shows::

    section(
        text("industry.section.batches", lang),
        by_batch,
        query="industry_by_batch",
        figure=lambda: charts.by_batch_figure(by_batch, measure, lang),
        caption=text("industry.batches.caption", lang),
        empty=text("industry.empty.period", lang),
        key="industry_by_batch",
        lang=lang,
    )

The data expander under the chart names the query file the numbers come from
(`queries/industry_by_batch.sql`) and links to the definitions page (the text of
`docs/definitions.md`, served by the app itself at `/definitions`), so the way back from a
number to its SQL and to the meaning of its words is one click.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.access.small_counts import is_list, is_withheld
from dashboard.i18n import text
from dashboard.snapshots import is_lacking, not_in_source_label
from dashboard.ui import navigation, state
from dashboard.ui.components import chart_with_data, data_table

# The definitions page's address relative to the page showing the section: every page sits at
# the app's root, so this opens `/definitions` also when the app is served under a base path.
DEFINITIONS_URL = "definitions"
HEADINGS = {"header": st.header, "subheader": st.subheader, "bold": None}


def definitions_url(definition_id: str | None = None) -> str:
    """The address of the definitions page, or of one definition on it (`definitions#age`)."""
    return DEFINITIONS_URL if definition_id is None else f"{DEFINITIONS_URL}#{definition_id}"


def query_files(query: str | Sequence[str]) -> list[str]:
    """The files behind a section: `"industry_totals"` → `["queries/industry_totals.sql"]`.

    A name that ends in `.sql` or holds a slash is a path as written (`dashboard/concentration.py`
    for a figure computed from a query's result).
    """
    names = [query] if isinstance(query, str) else list(query)
    return [
        name if "/" in name or name.endswith(".sql") else f"queries/{name}.sql" for name in names
    ]


def source_note(query: str | Sequence[str], lang: str) -> str:
    """The sentence of a data expander: which query file(s), and the link to the definitions."""
    files = "、".join(f"`{path}`" for path in query_files(query))
    if not navigation.may_open("definitions"):
        return text("section.query_file_only", lang, files=files)
    return text("section.query_file", lang, files=files, definitions_url=DEFINITIONS_URL)


def sources(query: str | Sequence[str], lang: str) -> None:
    """Name the query file(s) of numbers drawn as cards, not charts (`st.metric` has no data
    expander): one caption under them, with the link to the definitions."""
    st.caption(source_note(query, lang))


def withheld(frame: pd.DataFrame, lang: str) -> bool:
    """Whether the data layer left this list out (a visitor); if so, say so in one caption.

    A page asks this before a sentence or a count computed from a list, so a visitor never
    reads "nobody" where the list was only withheld.
    """
    if not is_withheld(frame):
        return False
    st.caption(text("access.list_withheld", lang))
    return True


def _heading(title: str | None, heading: str) -> None:
    if not title:
        return
    draw = HEADINGS[heading]
    if draw is None:
        st.markdown(f"**{title}**")
    else:
        draw(title)


def page_sections(
    lang: str,
    *,
    readable: Callable[[pd.DataFrame, str], pd.DataFrame] | None = None,
    file_suffix: str | None = None,
    **defaults: object,
) -> Callable[..., object]:
    """`section` set up once for one page: its language, how its tables are labelled for a
    reader, and what its downloads' names end with.

    `readable(frame, lang)` makes the table under each chart (unless a section passes its own
    `table`); `file_suffix` ends every download's name (`industry_by_batch_2017-01-01_…`), and
    a section's `stem` replaces its key at the front. `defaults` (e.g. `household_column`) go
    to every section. Example::

        show = page_sections(lang, readable=charts.table_for_download, file_suffix="2018-06-30")
        show(title, by_batch, query="industry_by_batch", figure=..., key="industry_by_batch")
    """

    def draw(title: str | None, frame: pd.DataFrame, **options: object) -> object:
        if readable is not None and options.get("table") is None:
            # Labelled lazily: the rows shown now, every row only when a file is made.
            options["table"] = functools.partial(labelled, readable, lang)
        stem = options.pop("stem", None) or options["key"]
        if file_suffix and options.get("file_stem") is None:
            options["file_stem"] = f"{stem}_{file_suffix}"
        return section(title, frame, lang=lang, **{**defaults, **options})

    return draw


def labelled(
    readable: Callable[[pd.DataFrame, str], pd.DataFrame], lang: str, frame: pd.DataFrame
) -> pd.DataFrame:
    """`readable(frame, lang)`: a section's `table` as a function of its rows, so a table is
    labelled lazily (the rows shown now, every row only when a file is made)."""
    return readable(frame, lang)


def say_nothing(empty: str | None, done: str | None) -> None:
    """Why a part of a page shows nothing: `done` as good news ("every student has had
    education aid"), else `empty` as information; neither, nothing said."""
    if done:
        st.success(done)
    elif empty:
        st.info(empty)


def say(sentence: str | Sequence[str] | Callable[[], str | Sequence[str] | None] | None) -> None:
    """A sentence, or several, one paragraph each (a function making them is called here)."""
    said = sentence() if callable(sentence) else sentence
    for line in [said] if isinstance(said, str) else said or ():
        if line:
            st.markdown(line)


def topic(
    title: str | None,
    *,
    heading: str = "subheader",
    note: str | None = None,
    lacking: str | None = None,
    nothing: bool = False,
    empty: str | None = None,
    done: str | None = None,
    caption: str | None = None,
    sentence: str | Sequence[str] | Callable[[], str | Sequence[str] | None] | None = None,
) -> bool:
    """The top of a part of a page (a section's, or of several side by side); True when there
    is something to show under it.

    Draws `title` (`heading` as `section`'s), then `note` (a caption said whatever the data),
    then: `lacking` as an info box (the sentence that the source did not carry the figures)
    and False; when `nothing`, `done` as good news or `empty` as information and False; else
    `caption` and the `sentence` (a function making it is called only now: a sentence may need
    rows) and True.
    """
    _heading(title, heading)
    if note:
        st.caption(note)
    if lacking:
        st.info(lacking)
        return False
    if nothing:
        say_nothing(empty, done)
        return False
    if caption:
        st.caption(caption)
    say(sentence)
    return True


def section(
    title: str | None,
    frame: pd.DataFrame,
    *,
    query: str | Sequence[str] | None,
    key: str,
    lang: str,
    figure: Callable[[], go.Figure | None] | None = None,
    caption: str | None = None,
    empty: str | None = None,
    is_empty: bool | None = None,
    table: pd.DataFrame | Callable[[pd.DataFrame], pd.DataFrame] | None = None,
    file_stem: str | None = None,
    heading: str = "subheader",
    expanded: bool = False,
    column_config: Mapping[str, object] | None = None,
    household_column: str | None = None,
    on_select: str | Callable[[], None] = "ignore",
    selection_mode: str | tuple[str, ...] = ("points", "box", "lasso"),
    rests_on: Sequence[str] = (),
    note: str | None = None,
    done: str | None = None,
    sentence: str | Sequence[str] | Callable[[], str | Sequence[str] | None] | None = None,
) -> object:
    """Draw one section; return the chart's selection state (None when nothing was drawn).

    - `title` (a `st.subheader`, or `heading="header"`/`"bold"`), then
    - `empty` as an info box when `frame` has no rows (or `is_empty` says so) and stop there;
    - else `caption`, the chart `figure()` builds (a builder called only when there is data;
      without one, or when it returns None, just the table), and the data: `table` (the frame
      labelled for a reader, or a function labelling rows of `frame`; `frame` itself by
      default) with CSV and Excel downloads, the name
      of the `query` file(s) and a link to the definitions (`query=None`: data not from a
      query, e.g. the importer's warnings kept in a snapshot's manifest).

    `file_stem` names the downloads (`key` by default). `column_config`, `household_column`,
    `on_select` and `selection_mode` go to `chart_with_data` / `data_table`.
    `note` is a caption said under the title whatever the data; `done` a success said in place
    of `empty` when no row is good news ("every household has a helper"); `sentence` a line
    or lines under the caption (or a function making them, called only when there are rows).
    `rests_on`: the figures of `frame` the section shows (`snapshots.lacking`); when the
    snapshot's source did not carry one of them, the section says "来源未提供 / not in the
    source" instead of a chart of unknowns (contract v1.2).
    """
    if is_withheld(frame):  # a list a visitor may not see: no title, no table, no download
        withheld(frame, lang)
        return None
    lacking = is_lacking(frame, *rests_on)
    if not topic(
        title,
        heading=heading,
        note=note,
        lacking=text("section.not_in_source", lang, label=not_in_source_label(lang))
        if lacking
        else None,
        nothing=frame.empty if is_empty is None else is_empty,
        empty=empty,
        done=done,
        caption=caption,
        sentence=sentence,
    ):
        return None
    if is_list(frame):  # names or IDs of people, households or helpers: who looked, and how many
        state.audit_list_shown("+".join(query_files(query)) if query else key, len(frame))
    label = table if callable(table) else None
    shown = frame if table is None or label is not None else table
    note = source_note(query, lang) if query else None
    file_stem = area_stem(file_stem or key)
    drawn = figure() if figure is not None else None
    if drawn is None:
        data_table(
            shown,
            key=key,
            lang=lang,
            file_stem=file_stem,
            expanded=expanded,
            column_config=column_config,
            household_column=household_column,
            note=note,
            label=label,
        )
        return None
    return chart_with_data(
        drawn,
        shown,
        key=key,
        lang=lang,
        file_stem=file_stem,
        on_select=on_select,
        selection_mode=selection_mode,
        column_config=column_config,
        household_column=household_column,
        note=note,
        label=label,
    )


def area_stem(stem: str) -> str:
    """A download's name with the page's area in it (`exits_by_year_341182100`); as is for the
    whole data directory, so a town's files keep today's names."""

    current = state.area()
    return f"{stem}_{current}" if current else stem
