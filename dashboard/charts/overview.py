"""Builders for the overview page: pure functions, frames in, Plotly figures out."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import theme
from dashboard.i18n import text


def exit_progress_compact(
    exits: pd.DataFrame,
    *,
    target_year: int,
    target_households: int | None,
    planned_households: int,
    lang: str = "zh",
) -> go.Figure:
    """Households exited per year as bars, and this year's target beside what is planned.

    `exits` is `queries/exits_by_year.sql`'s frame (exit_year, households, people).
    """
    years = [int(year) for year in exits["exit_year"]]
    figure = go.Figure(
        go.Bar(
            x=[str(year) for year in years],
            y=[int(value) for value in exits["households"]],
            name=text("overview.chart.households", lang),
            marker_color=theme.STATUS_COLORS["exited"],
            text=[f"{int(value):,}" for value in exits["households"]],
            textposition="outside",
            hovertemplate="%{x}: %{y:,d}<extra></extra>",
        )
    )
    if target_year not in years:
        figure.add_bar(
            x=[str(target_year)],
            y=[planned_households],
            name=text("overview.chart.planned", lang),
            marker_color=theme.STATUS_COLORS["not_exited"],
            marker_opacity=0.55,
            text=[f"{planned_households:,}"],
            textposition="outside",
            hovertemplate="%{x}: %{y:,d}<extra></extra>",
        )
    if target_households is not None:
        figure.add_scatter(
            x=[str(target_year)],
            y=[target_households],
            mode="markers",
            name=text("overview.chart.target", lang),
            marker={"symbol": "line-ew-open", "size": 36, "line": {"width": 3}},
            marker_color=theme.TARGET_COLOR,
            hovertemplate="%{x}: %{y:,d}<extra></extra>",
        )
    figure.update_layout(
        height=300,
        xaxis_title=None,  # the years speak for themselves; a title would crowd them
        yaxis_title=None,
        bargap=0.35,
        showlegend=True,
    )
    figure.update_yaxes(rangemode="tozero")
    return theme.apply(figure)
