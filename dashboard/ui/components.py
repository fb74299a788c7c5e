"""Building blocks pages share: a chart with its data and downloads underneath, household links.

Pages draw whole sections with `dashboard/ui/section.py`, which is built from these."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from urllib.parse import quote

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.access.audit import record_for
from dashboard.access.context import current_actor
from dashboard.access.small_counts import displayable
from dashboard.downloads import to_csv_bytes, to_excel_bytes
from dashboard.formatting import format_count
from dashboard.i18n import text
from dashboard.snapshots import default_data_dir
from dashboard.ui import navigation, state
from dashboard.ui.shared import built_once

PLOTLY_CONFIG = {
    "displaylogo": False,
    "locale": "zh-CN",
    # The image button renders in the browser: no server round trip, no network.
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
# The household profile's address relative to the page showing the list: every page sits at
# the app's root (`/village_map`, `/compare`, …), so this opens `/household` in the same app,
# also when the app is served under a base path.
HOUSEHOLD_URL = "household?household={household_id}"
# LinkColumn shows the first group of this pattern instead of the whole URL: the 户编号 itself.
HOUSEHOLD_LINK_TEXT = r"household=(.+)$"
MAX_TABLE_ROWS = 2_000  # rows a table sends to the browser; its downloads hold all of them
# Above a town, fewer: a province's /programs has eight lists, which at 2,000 rows each made
# 3 MB a run for every session; the downloads still hold every row.
MAX_TABLE_ROWS_ABOVE_TOWN = 500


def shown_rows() -> int:
    """How many rows a table of this page sends to the browser (its files hold them all)."""
    return MAX_TABLE_ROWS if state.units_are_villages() else MAX_TABLE_ROWS_ABOVE_TOWN


def household_url(household_id: object) -> str | None:
    """The address of a household's profile (None for a missing id, shown as an empty cell)."""
    if household_id is None or pd.isna(household_id) or str(household_id) == "":
        return None
    return HOUSEHOLD_URL.format(household_id=quote(str(household_id), safe=""))


def household_link_column(label: str, help: str | None = None) -> object:
    """A dataframe column of `household_url` values, shown as the 户编号 and opening the profile."""
    return st.column_config.LinkColumn(label, help=help, display_text=HOUSEHOLD_LINK_TEXT)


def with_household_links(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """A copy of `frame` whose `column` of 户编号 holds their profile addresses instead."""
    linked = frame.copy()
    linked[column] = [household_url(value) for value in frame[column]]
    return linked


def reader_table(
    rows: pd.DataFrame,
    label: Callable[[pd.DataFrame], pd.DataFrame] | None,
    household_column: str | None,
) -> pd.DataFrame:
    """The rows a table shows: labelled for a reader (`label`), a visitor's "<5" beside numbers
    as text, and the `household_column` of 户编号 as links to each profile (None: no links)."""
    shown = displayable(label(rows) if label is not None else rows)
    if household_column is not None and household_column in shown.columns:
        shown = with_household_links(shown, household_column)
    return shown.copy(deep=False)  # never the caller's own object (copy on write)


def audited(make: Callable[[], bytes], event: str, **detail: object) -> Callable[[], bytes]:
    """`make`, recording `event` (what, rows…) in the audit log each time a file is made.

    Streamlit calls a download button's function only when it is clicked, so the entry says a
    file was actually made, not that a button was drawn. Who clicked is taken now (the click
    may be served outside this script run), as is the data directory.
    """

    actor, directory = current_actor(), default_data_dir().resolve()

    def made() -> bytes:
        content = make()
        record_for(directory, event, actor=actor, **detail)
        return content

    return made


def chart_key(key: str) -> str:
    """The session-state key of a chart drawn by `chart_with_data` (its selection lives there)."""
    return f"chart-{key}"


def chart_with_data(
    figure: go.Figure,
    frame: pd.DataFrame,
    *,
    key: str,
    lang: str,
    file_stem: str,
    on_select: str | Callable[[], None] = "ignore",
    selection_mode: str | tuple[str, ...] = ("points", "box", "lasso"),
    column_config: Mapping[str, object] | None = None,
    household_column: str | None = None,
    note: str | None = None,
    label: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
) -> object:
    """Draw a figure; under it, its data as a table with CSV and Excel downloads.

    The files are made only when a button is clicked (Streamlit calls the function then), so
    a page's rerun never pays for spreadsheets nobody asked for. `on_select` and
    `selection_mode` go to `st.plotly_chart` (e.g. clicking a village on the map); its return
    value (the selection state, when selecting) is returned. `column_config`,
    `household_column` and `note` go to `data_table`.
    """
    config = dict(PLOTLY_CONFIG, locale="zh-CN" if lang == "zh" else "en")
    state = st.plotly_chart(
        figure,
        key=chart_key(key),
        theme=None,
        config=config,
        on_select=on_select,
        selection_mode=selection_mode,
    )
    data_table(
        frame,
        key=key,
        lang=lang,
        file_stem=file_stem,
        column_config=column_config,
        household_column=household_column,
        note=note,
        label=label,
    )
    return state


def data_table(
    frame: pd.DataFrame,
    *,
    key: str,
    lang: str,
    file_stem: str,
    expanded: bool = False,
    column_config: Mapping[str, object] | None = None,
    household_column: str | None = None,
    note: str | None = None,
    label: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
) -> None:
    """A table of `frame` (collapsed unless `expanded`) with CSV and Excel download buttons.

    `column_config` goes to `st.dataframe`. `household_column` names the column of 户编号 that
    the table shows as links to each household's profile (`/household?household=<id>`); the
    downloads keep the plain 户编号, as in `frame`. `note` (markdown: the query file the data
    comes from, the link to the definitions) is written above the table. `label(frame)` makes
    the frame a reader's table (column names, codes as words): applied to the rows shown, and
    to every row only when a file is made.

    The browser gets the first `shown_rows()` rows (a province's list of 655,000 people would
    take half a minute a run to prepare and freeze the page); the files hold every row.
    """
    labelled = label or (lambda rows: rows)
    limit = shown_rows()
    head = frame if len(frame) <= limit else frame.head(limit)
    # Linked only for a user who may open a profile: else the plain 户编号, no link to a refusal.
    linked = household_column if household_column and navigation.may_open("household") else None
    # Built once per process for rows of the same content (every session of the same area and
    # role reads the same rows); this session gets its own view of it (copy on write).
    shown = built_once(reader_table, head, label, linked).copy(deep=False)
    config = dict(column_config or {})
    if linked is not None and linked in shown.columns:
        config.setdefault(linked, household_link_column(linked))
    with st.expander(text("chart.show_data", lang), expanded=expanded):
        if note:
            st.caption(note)
        if len(frame) > len(head):
            st.caption(
                text(
                    "chart.rows_cut",
                    lang,
                    shown=format_count(len(head)),
                    rows=format_count(len(frame)),
                )
            )
        st.dataframe(shown, hide_index=True, key=f"table-{key}", column_config=config or None)
        left, right, _ = st.columns([1, 1, 4])
        downloads = (
            (left, "chart.download_csv", "csv", "text/csv", lambda: to_csv_bytes(labelled(frame))),
            (
                right,
                "chart.download_excel",
                "xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                lambda: to_excel_bytes(labelled(frame), file_stem),
            ),
        )
        for column, label, suffix, mime, content in downloads:
            column.download_button(
                text(label, lang),
                audited(content, "download", what=file_stem, format=suffix, rows=len(frame)),
                file_name=f"{file_stem}.{suffix}",
                mime=mime,
                key=f"{suffix}-{key}",
                on_click="ignore",
            )
