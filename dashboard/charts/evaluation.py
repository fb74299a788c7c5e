"""Figures of the evaluation's slides for the browser (/present) and the map image of the deck.

Pure functions: a ChartSpec (categories and series, the same data the deck's native charts
hold) in, a Plotly figure out; colours and fonts from `dashboard.theme`.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import theme
from dashboard.charts.map import village_map
from dashboard.evaluation.slides import ChartSpec

SERIES_COLORS = (theme.STATUS_COLORS["exited"], theme.TARGET_COLOR, "#E5A04B", "#8E6C8A")
DARK_BACKGROUND = "#0E1726"
DARK_TEXT = "#F2F2F2"


def spec_figure(spec: ChartSpec, *, dark: bool = False, height: int = 460) -> go.Figure:
    """A Plotly figure of a slide's chart: bars, lines, a doughnut or stacked bars."""
    figure = go.Figure()
    colors = list(SERIES_COLORS) + list(theme.VILLAGE_PALETTE)
    categories = list(spec.categories)
    for index, series in enumerate(spec.series):
        values = [None if v is None or pd.isna(v) else v for v in series.values]
        hidden = [series.hidden_at(point) for point in range(len(values))]
        # Bars: a visitor's hidden point stands at 0 with its label ("<5"), as in the deck.
        bars = [0 if label else value for value, label in zip(values, hidden, strict=True)]
        bar_text = [
            label or ("" if value is None else f"{value:,.0f}")
            for value, label in zip(values, hidden, strict=True)
        ]
        color = colors[index % len(colors)]
        if spec.kind == "doughnut":
            figure.add_trace(
                go.Pie(
                    labels=categories,
                    values=values,
                    hole=0.5,
                    sort=False,
                    textinfo="label+percent",
                    marker={"colors": list(theme.VILLAGE_PALETTE)},
                    name=series.name,
                )
            )
        elif spec.kind == "line":
            figure.add_trace(
                go.Scatter(
                    # No marker and no text where a point is hidden: the axis names it there.
                    x=list(spec.shown_categories("<br>")),
                    y=values,
                    mode="lines+markers+text",
                    text=[
                        label or (f"{v:,.0f}" if v is not None else "")
                        for v, label in zip(values, hidden, strict=True)
                    ],
                    textposition="top center",
                    name=series.name,
                    line={"color": color, "width": 3},
                )
            )
        elif spec.kind == "bar_horizontal":
            figure.add_trace(
                go.Bar(
                    y=categories,
                    x=bars,
                    orientation="h",
                    name=series.name,
                    marker_color=theme.STATUS_COLORS["not_exited"]
                    if len(spec.series) == 1
                    else color,
                    text=bar_text,
                    textposition="outside",
                    textangle=0,
                    cliponaxis=False,
                )
            )
        else:
            figure.add_trace(
                go.Bar(
                    x=categories,
                    y=bars,
                    name=series.name,
                    marker_color=color,
                    text=bar_text,
                    textposition="inside" if spec.kind == "stacked" else "outside",
                    textangle=0,
                    cliponaxis=False,
                )
            )
    if spec.kind == "stacked":
        figure.update_layout(barmode="stack")
    if spec.kind == "bar_horizontal":
        figure.update_yaxes(autorange="reversed")
    figure.update_layout(title=spec.title, height=height, showlegend=len(spec.series) > 1)
    theme.apply(figure)
    figure.update_layout(
        font={"size": 18},
        title={"font": {"size": 22}},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        margin={"t": 70},
    )
    figure.update_yaxes(automargin=True)
    if dark:
        darken(figure)
    return figure


def darken(figure: go.Figure) -> go.Figure:
    """The wall display's dark look on any figure."""
    figure.update_layout(
        paper_bgcolor=DARK_BACKGROUND,
        plot_bgcolor=DARK_BACKGROUND,
        font={"color": DARK_TEXT},
        title={"font": {"color": DARK_TEXT}},
    )
    figure.update_xaxes(gridcolor="#2B3A55")
    figure.update_yaxes(gridcolor="#2B3A55")
    return figure


def remaining_map(boundaries, water, values: pd.DataFrame, label: str, no_data: str) -> go.Figure:
    """The villages coloured by households not yet exited (`values`: village_code, village_name,
    value), drawn offline by `dashboard.charts.map.village_map`."""
    figure = village_map(
        boundaries,
        values,
        measure_column="value",
        measure_label=label,
        water=water,
        labels={"no_data": no_data},
        height=620,
        legend_above=True,
    )
    figure.update_layout(font={"size": 16})
    return figure
