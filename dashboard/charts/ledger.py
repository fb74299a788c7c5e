"""Figures of the rectification ledger: how the 大排查's problems were worked off, by category."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import theme
from dashboard.i18n import text


def progress_figure(progress: pd.DataFrame, lang: str) -> go.Figure:
    """Problems found so far and still open, week by week (`measures.progress`)."""
    figure = go.Figure()
    weeks = [week.isoformat() for week in progress["week"]]
    figure.add_scatter(
        x=weeks,
        y=progress["found"].tolist(),
        name=text("ledger.trace.found", lang),
        mode="lines",
        line={"color": theme.TARGET_COLOR, "dash": "dot"},
        hovertemplate="%{x}: %{y:,d}<extra></extra>",
    )
    figure.add_scatter(
        x=weeks,
        y=progress["open"].tolist(),
        name=text("ledger.trace.open", lang),
        mode="lines+markers",
        line={"color": theme.STATUS_COLORS["not_exited"], "width": 3},
        fill="tozeroy",
        hovertemplate="%{x}: %{y:,d}<extra></extra>",
    )
    figure.update_layout(
        xaxis={"title": text("ledger.axis.week", lang), "type": "date"},
        yaxis={"title": text("ledger.axis.problems", lang), "rangemode": "tozero"},
        hovermode="x unified",
    )
    return theme.apply(figure)


def categories_figure(categories: pd.DataFrame, lang: str) -> go.Figure:
    """Closed and open problems per category, stacked (`measures.by_category`)."""
    figure = go.Figure()
    for column, color in (
        ("closed", theme.STATUS_COLORS["exited"]),
        ("open", theme.STATUS_COLORS["not_exited"]),
    ):
        figure.add_bar(
            x=categories["label"].tolist(),
            y=categories[column].tolist(),
            name=text(f"ledger.trace.{column}", lang),
            marker_color=color,
            texttemplate="%{y:,d}",
            textposition="inside",
            hovertemplate="%{x}: %{y:,d}<extra></extra>",
        )
    figure.update_layout(
        barmode="stack",
        yaxis={"title": text("ledger.axis.problems", lang)},
        xaxis={"type": "category"},
    )
    return theme.apply(figure)
