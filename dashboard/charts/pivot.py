"""Builders of the explorer (自助分析): a pivot's table and the chart that fits its shape.

Pure functions, no Streamlit: they take a `dashboard.pivot_queries.PivotResult` (ordered, labelled
cells and margins) and the language. One dimension draws bars; two draw grouped bars while
the series are few, else a heatmap; none draws nothing (the page shows the single number).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import theme
from dashboard.i18n import text
from dashboard.pivot_queries import PivotResult

MAX_SERIES_FOR_BARS = 5  # more column values than this and grouped bars turn to confetti
MAX_ROWS_FOR_BARS = 24  # rows beyond this read better as a heatmap's lines
ORDERED_DIMENSIONS = ("year", "half_year", "age_band", "identified_year", "exit_year")
BAR_HEIGHT_PER_ROW = 26  # px per category of a horizontal bar chart
MIN_HEIGHT = 360
# Dimensions whose values have a colour of their own everywhere in the app.
SERIES_COLORS = {
    "status": theme.STATUS_COLORS,
    "program": theme.PROGRAM_COLORS,
    "attribute": theme.ATTRIBUTE_COLORS,
}


def measure_label(result: PivotResult, lang: str) -> str:
    """The measure's name with its unit: 户数 / 人数 / 金额（元）."""
    return text(f"explore.measure.{result.spec.measure}", lang)


def _value(value: object, kind: str) -> object:
    if value is None or pd.isna(value):
        return 0 if kind == "count" else None
    return int(value) if kind == "count" else round(float(value), 2)


def wide_table(result: PivotResult, lang: str) -> pd.DataFrame:
    """The pivot as a wide table: one row per row value, one column per column value, totals.

    With one dimension: its values and the measure; with none: the single number.
    """
    spec = result.spec
    kind = spec.measure_spec().kind
    measure = measure_label(result, lang)
    total_label = text("explore.total", lang)
    if not spec.rows:
        return pd.DataFrame({measure: [_value(result.total, kind)]})
    row_header = text(f"explore.dimension.{spec.rows}", lang)
    row_labels = [result.labels[spec.rows][value] for value in result.row_values]
    if not spec.columns:
        values = [_value(result.cells.get((row, None)), kind) for row in result.row_values]
        return pd.DataFrame(
            {
                row_header: [*row_labels, total_label],
                measure: [*values, _value(result.total, kind)],
            }
        )
    table: dict[str, list] = {row_header: [*row_labels, total_label]}
    for column in result.column_values:
        header = result.labels[spec.columns][column]
        table[header] = [
            *(_value(result.cells.get((row, column)), kind) for row in result.row_values),
            _value(result.column_totals.get(column), kind),
        ]
    table[total_label] = [
        *(_value(result.row_totals.get(row), kind) for row in result.row_values),
        _value(result.total, kind),
    ]
    frame = pd.DataFrame(table)
    if kind == "count":
        frame[frame.columns[1:]] = frame[frame.columns[1:]].astype("int64")
    return frame


def _label_margin(labels: list[str]) -> int:
    """Left margin (px) that fits the longest category label at the theme's 14 px font.

    Plotly's automargin is not applied inside Streamlit's chart element, so the room is
    reserved here: a CJK character is about 14 px wide, a Latin one about 7.5 px.
    """
    widths = [sum(14 if ord(char) > 0x2E80 else 7.5 for char in label) for label in labels]
    return int(max([56.0, *(width + 24 for width in widths)]))


def _hover_format(kind: str) -> str:
    return ",d" if kind == "count" else ",.0f"


def _series_color(dimension: str, value: str) -> str | None:
    return SERIES_COLORS.get(dimension, {}).get(value)


def pivot_figure(result: PivotResult, lang: str) -> go.Figure | None:
    """The chart of a view; None with no dimension (one number needs no chart) or no rows."""
    spec = result.spec
    if not spec.rows or result.is_empty:
        return None
    kind = spec.measure_spec().kind
    value_format = _hover_format(kind)
    measure = measure_label(result, lang)
    row_labels = [result.labels[spec.rows][value] for value in result.row_values]
    if not spec.columns:
        values = [_value(result.cells.get((row, None)), kind) for row in result.row_values]
        colors = [_series_color(spec.rows, row) or theme.ACCENT for row in result.row_values]
        return _bars(
            row_labels, [(measure, values, colors)], spec.rows, measure, value_format, False
        )
    if len(result.column_values) > MAX_SERIES_FOR_BARS or len(row_labels) > MAX_ROWS_FOR_BARS:
        return _heatmap(result, row_labels, measure, kind, value_format, lang)
    series = []
    for column in result.column_values:
        values = [_value(result.cells.get((row, column)), kind) for row in result.row_values]
        series.append(
            (
                result.labels[spec.columns][column],
                values,
                _series_color(spec.columns, column),
            )
        )
    return _bars(row_labels, series, spec.rows, measure, value_format, True)


def _bars(
    categories: list[str],
    series: list[tuple[str, list, object]],
    dimension: str,
    measure: str,
    value_format: str,
    show_legend: bool,
) -> go.Figure:
    """Vertical bars along an ordered dimension (years, ages), horizontal otherwise."""
    vertical = dimension in ORDERED_DIMENSIONS
    figure = go.Figure()
    for name, values, color in series:
        bar = {"name": name, "marker_color": color}
        if vertical:
            bar.update(x=categories, y=values)
            bar["hovertemplate"] = (
                f"%{{x}} · %{{fullData.name}}: %{{y:{value_format}}}<extra></extra>"
            )
        else:
            bar.update(x=values, y=categories, orientation="h")
            bar["hovertemplate"] = (
                f"%{{y}} · %{{fullData.name}}: %{{x:{value_format}}}<extra></extra>"
            )
        figure.add_trace(go.Bar(**bar))
    category_axis = {"type": "category"}
    value_axis = {"title": {"text": measure}, "tickformat": value_format}
    if vertical:
        height = MIN_HEIGHT + 40
        figure.update_layout(xaxis=category_axis, yaxis=value_axis)
    else:
        # Grouped bars need more room per category, up to three bars' worth.
        per_category = BAR_HEIGHT_PER_ROW * min(len(series), 3)
        height = max(MIN_HEIGHT, per_category * len(categories) + 120)
        figure.update_layout(
            yaxis={**category_axis, "autorange": "reversed"},
            xaxis=value_axis,
            margin={"l": _label_margin(categories)},
        )
    figure.update_layout(barmode="group", height=height, showlegend=show_legend)
    return theme.apply(figure)


def _heatmap(
    result: PivotResult,
    row_labels: list[str],
    measure: str,
    kind: str,
    value_format: str,
    lang: str,
) -> go.Figure:
    spec = result.spec
    column_labels = [result.labels[spec.columns][value] for value in result.column_values]
    z = [
        [_value(result.cells.get((row, column)), kind) for column in result.column_values]
        for row in result.row_values
    ]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=column_labels,
            y=row_labels,
            colorscale=[
                [index / (len(theme.SEQUENTIAL) - 1), color]
                for index, color in enumerate(theme.SEQUENTIAL)
            ],
            colorbar={"title": {"text": measure}, "tickformat": value_format},
            hovertemplate=f"%{{y}} · %{{x}}: %{{z:{value_format}}}<extra></extra>",
            texttemplate=f"%{{z:{value_format}}}" if len(row_labels) <= MAX_ROWS_FOR_BARS else None,
        )
    )
    figure.update_layout(
        height=max(MIN_HEIGHT, 28 * len(row_labels) + 140),
        xaxis={"type": "category", "side": "top"},
        yaxis={"type": "category", "autorange": "reversed"},
        margin={"l": _label_margin(row_labels), "t": 96},
    )
    return theme.apply(figure)
