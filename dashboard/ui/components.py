"""Building blocks pages share: a chart with its data and downloads underneath, a KPI card."""

from __future__ import annotations

import functools
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.downloads import to_csv_bytes, to_excel_bytes
from dashboard.i18n import text

PLOTLY_CONFIG = {
    "displaylogo": False,
    "locale": "zh-CN",
    # The image button renders in the browser: no server round trip, no network.
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


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
) -> object:
    """Draw a figure; under it, its data as a table with CSV and Excel downloads.

    The files are made only when a button is clicked (Streamlit calls the function then), so
    a page's rerun never pays for spreadsheets nobody asked for. `on_select` and
    `selection_mode` go to `st.plotly_chart` (e.g. clicking a village on the map); its return
    value (the selection state, when selecting) is returned.
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
    data_table(frame, key=key, lang=lang, file_stem=file_stem)
    return state


def data_table(
    frame: pd.DataFrame, *, key: str, lang: str, file_stem: str, expanded: bool = False
) -> None:
    """A table of `frame` (collapsed unless `expanded`) with CSV and Excel download buttons."""
    with st.expander(text("chart.show_data", lang), expanded=expanded):
        st.dataframe(frame, hide_index=True, key=f"table-{key}")
        left, right, _ = st.columns([1, 1, 4])
        left.download_button(
            text("chart.download_csv", lang),
            functools.partial(to_csv_bytes, frame),
            file_name=f"{file_stem}.csv",
            mime="text/csv",
            key=f"csv-{key}",
            on_click="ignore",
        )
        right.download_button(
            text("chart.download_excel", lang),
            functools.partial(to_excel_bytes, frame, file_stem),
            file_name=f"{file_stem}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"xlsx-{key}",
            on_click="ignore",
        )
