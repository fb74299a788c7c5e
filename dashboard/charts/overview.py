"""Builders for the overview page: pure functions, frames in, Plotly figures out."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import theme
from dashboard.access.small_counts import bar_values, hidden_label
from dashboard.i18n import text


def exit_progress_compact(
    exits: pd.DataFrame,
    *,
    target_year: int,
    target_households: int | None,
    planned_households: int | str,
    lang: str = "zh",
) -> go.Figure:
    """Households exited per year as bars, and this year's target beside what is planned.

    `exits` is `queries/exits_by_year.sql`'s frame (exit_year, households, people). A
    visitor's hidden cells ("<5", "×") draw a bar of no length labelled so, as does a hidden
    plan.
    """
    years = [int(year) for year in exits["exit_year"]]
    heights, _hidden = bar_values(exits["households"])
    figure = go.Figure(
        go.Bar(
            x=[str(year) for year in years],
            y=heights,
            name=text("overview.chart.households", lang),
            marker_color=theme.STATUS_COLORS["exited"],
            text=[hidden_label(value) or f"{int(value):,}" for value in exits["households"]],
            textposition="outside",
            hovertemplate="%{x}: %{y:,d}<extra></extra>",
        )
    )
    if target_year not in years:
        planned_label = hidden_label(planned_households)
        figure.add_bar(
            x=[str(target_year)],
            y=[0 if planned_label else planned_households],
            name=text("overview.chart.planned", lang),
            marker_color=theme.STATUS_COLORS["not_exited"],
            marker_opacity=0.55,
            text=[planned_label or f"{planned_households:,}"],
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
