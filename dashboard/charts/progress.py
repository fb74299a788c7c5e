"""Chart builders of the exit-progress page (脱贫进度): query frames in, Plotly figures out.

Pure functions, no Streamlit: each takes the frame of one query in `queries/`, the measure
(`"households"` or `"people"`, the page's 户/人 toggle) and the language, and returns a figure
with the project's theme. Labels come from `dashboard/locales/progress.toml` and, for codes,
from the reference table, so a builder draws the same chart in Chinese and in English.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import contract, theme
from dashboard.access.small_counts import as_number
from dashboard.charts.tables import village_matrix
from dashboard.formatting import format_count
from dashboard.i18n import text
from dashboard.reference import code_label
from dashboard.snapshots import is_lacking, not_in_source_label

MEASURES = ("households", "people")  # the 户/人 toggle; also the suffix of the query columns
DEFAULT_MEASURE = "households"
NOT_IN_SOURCE_CODE = "not_in_source"  # the one stack of a cause chart whose attributes are unknown

# Each flow between snapshots takes the colour of the status it moves households into.
FLOW_COLORS = {
    "new": theme.STATUS_COLORS["not_exited"],
    "exits": theme.STATUS_COLORS["exited"],
    "relapses": theme.STATUS_COLORS["relapsed"],
    "removals": theme.STATUS_COLORS["removed"],
}
HEADROOM = 1.18  # room above the top value of a labelled line for its label
CELL_TEXT_SIZE = 13  # heatmap cell numbers: readable, yet fit a cell of eleven rows


def _check_measure(measure: str) -> str:
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}, not {measure!r}")
    return measure


def _hover(measure: str, lang: str, value: str = "%{y:,d}") -> str:
    """A hover line `<trace name>: 1,234 户` with thousands separators and the unit."""
    return (
        f"%{{fullData.name}}: {text(f'progress.count.{measure}', lang, value=value)}<extra></extra>"
    )


def _years(values: pd.Series) -> list[str]:
    """Years as category labels, so an axis shows 2014, never 2,014 or 2014.5."""
    return [str(int(year)) for year in values]


def _ints(values: pd.Series) -> list[int | None]:
    """Whole numbers to draw; a missing value or a visitor's "<5" draws no bar."""
    return [None if pd.isna(value) else int(value) for value in as_number(values)]


def _labels(values: list[int | None]) -> list[str]:
    """Bar labels with thousands separators; none on a zero or missing bar (no clutter of 0s)."""
    return [format_count(value) if value else "" for value in values]


def _count_bar(
    figure: go.Figure,
    x: list,
    values: list[int | None],
    trace: str,
    color: str,
    measure: str,
    lang: str,
    **placement,
) -> None:
    """One bar trace of counts named `progress.trace.<trace>`, each bar labelled, its hover in
    the measure's unit; `placement` is the subplot's row and column, when there are several."""
    figure.add_bar(
        x=x,
        y=values,
        name=text(f"progress.trace.{trace}", lang),
        marker_color=color,
        text=_labels(values),
        textposition="outside",
        hovertemplate=_hover(measure, lang),
        **placement,
    )


def _not_exited_line(
    figure: go.Figure,
    x: list,
    values: list,
    trace: str,
    measure: str,
    lang: str,
    **placement,
) -> None:
    """The thick line of those not yet exited, each point labelled, named
    `progress.trace.<trace>`; `placement` is the subplot's row and column, when there are several."""
    figure.add_scatter(
        x=x,
        y=values,
        name=text(f"progress.trace.{trace}", lang),
        mode="lines+markers+text",
        line={"color": theme.STATUS_COLORS["not_exited"], "width": 3},
        texttemplate="%{y:,d}",
        textposition="top center",
        hovertemplate=_hover(measure, lang),
        **placement,
    )


def exits_by_year_figure(progress: pd.DataFrame, measure: str, lang: str) -> go.Figure:
    """Bars of exits per year, lines of the cumulative exited and the remaining at year end.

    `progress` is the frame of `queries/exit_progress_by_year.sql`: one row per year with
    `exited_<measure>`, `cumulative_<measure>` and `remaining_<measure>`.
    """
    _check_measure(measure)
    years = _years(progress["exit_year"])
    figure = go.Figure()
    exited = _ints(progress[f"exited_{measure}"])
    _count_bar(figure, years, exited, "exited", theme.STATUS_COLORS["exited"], measure, lang)
    figure.add_scatter(
        x=years,
        y=_ints(progress[f"cumulative_{measure}"]),
        name=text("progress.trace.cumulative", lang),
        mode="lines+markers",
        line={"color": theme.STATUS_COLORS["exited"], "dash": "dot"},
        hovertemplate=_hover(measure, lang),
    )
    remaining = _ints(progress[f"remaining_{measure}"])
    _not_exited_line(figure, years, remaining, "remaining", measure, lang)
    figure.update_layout(
        xaxis={"title": text("progress.axis.year", lang), "type": "category"},
        yaxis={"title": text(f"progress.axis.{measure}", lang), "rangemode": "tozero"},
        hovermode="x unified",
        margin={"t": 60},
    )
    return theme.apply(figure)


def targets_figure(targets: pd.DataFrame, measure: str, lang: str) -> go.Figure:
    """Grouped bars per year: the town's target, the actual exits, the planned not yet exited.

    `targets` is the frame of `queries/exit_targets_by_year.sql`.
    """
    _check_measure(measure)
    years = _years(targets["year"])
    figure = go.Figure()
    for name, column, color in (
        ("target", f"target_{measure}", theme.TARGET_COLOR),
        ("actual", f"exited_{measure}", theme.STATUS_COLORS["exited"]),
        ("planned", f"planned_{measure}", theme.STATUS_COLORS["not_exited"]),
    ):
        _count_bar(figure, years, _ints(targets[column]), name, color, measure, lang)
    figure.update_layout(
        barmode="group",
        xaxis={"title": text("progress.axis.year", lang), "type": "category"},
        yaxis={"title": text(f"progress.axis.{measure}", lang), "rangemode": "tozero"},
        hovermode="x unified",
        margin={"t": 60},
    )
    return theme.apply(figure)


def village_year_matrix(frame: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Villages (rows, in the frame's order) × exit years (columns, ascending) of one measure.

    `frame` is the long frame of `queries/exits_by_village_year.sql`; a missing cell is 0.
    """
    _check_measure(measure)
    return village_matrix(frame, "exit_year", measure)


def village_year_heatmap(frame: pd.DataFrame, measure: str, lang: str) -> go.Figure:
    """A heatmap of exits: one row per village, one column per exit year, the count in each cell."""
    matrix = village_year_matrix(frame, measure)
    steps = len(theme.SEQUENTIAL) - 1
    figure = go.Figure(
        go.Heatmap(
            z=matrix.to_numpy().tolist(),
            x=[str(int(year)) for year in matrix.columns],
            y=list(matrix.index),
            colorscale=[[index / steps, color] for index, color in enumerate(theme.SEQUENTIAL)],
            texttemplate="%{z:,d}",
            textfont={"size": CELL_TEXT_SIZE},
            hovertemplate="%{y} · %{x}: "
            + text(f"progress.count.{measure}", lang, value="%{z:,d}")
            + "<extra></extra>",
            colorbar={"title": {"text": text(f"progress.axis.{measure}", lang)}},
            xgap=2,
            ygap=2,
        )
    )
    figure.update_layout(
        xaxis={"title": text("progress.axis.year", lang), "type": "category", "side": "top"},
        # Village names label the rows well enough; an axis title would sit on top of them.
        yaxis={"autorange": "reversed", "tickformat": "", "automargin": True},
        height=max(320, 40 * len(matrix.index) + 120),
    )
    return theme.apply(figure)


def exits_by_cause_figure(frame: pd.DataFrame, measure: str, lang: str) -> go.Figure:
    """Horizontal bars of exits per main cause, stacked by household attribute, largest on top.

    `frame` is the frame of `queries/exits_by_cause.sql` (one row per cause × attribute).
    """
    _check_measure(measure)
    unknown_attribute = is_lacking(frame, "attribute")  # contract v1.2: not in the source
    frame = as_number(frame)  # a visitor's "<5" draws no bar; the table under it says "<5"
    if unknown_attribute:
        frame = frame.assign(attribute=NOT_IN_SOURCE_CODE)
    matrix = frame.pivot_table(
        index="main_cause", columns="attribute", values=measure, aggfunc="sum", fill_value=0
    )
    matrix = matrix.loc[matrix.sum(axis=1).sort_values(ascending=True, kind="stable").index]
    causes = [code_label("households", "main_cause", code, lang) for code in matrix.index]
    figure = go.Figure()
    attributes = [code for code in contract.HOUSEHOLD_ATTRIBUTES if code in matrix.columns]
    attributes += [code for code in matrix.columns if code not in attributes]
    for attribute in attributes:
        figure.add_bar(
            y=causes,
            x=[int(value) for value in matrix[attribute]],
            orientation="h",
            name=not_in_source_label(lang)
            if attribute == NOT_IN_SOURCE_CODE
            else code_label("households", "attribute", attribute, lang),
            marker_color=theme.ATTRIBUTE_COLORS.get(attribute, theme.STATUS_COLORS["removed"]),
            hovertemplate=_hover(measure, lang, value="%{x:,d}"),
        )
    figure.update_layout(
        barmode="stack",
        xaxis={"title": text(f"progress.axis.{measure}", lang), "tickformat": ",d"},
        yaxis={"tickformat": "", "automargin": True},
        hovermode="y unified",
        height=max(320, 34 * len(causes) + 140),
        margin={"t": 70},
    )
    return theme.apply(figure)


def snapshot_series_figure(
    totals: pd.DataFrame,
    flows: pd.DataFrame,
    measure: str,
    lang: str,
    chosen_date: dt.date | None = None,
) -> go.Figure:
    """The half-year series: not yet exited at each snapshot (top), flows between them (bottom).

    `totals` is `queries/snapshot_totals.sql` (one row per snapshot), `flows` is
    `queries/snapshot_flows.sql` (one row per consecutive pair, drawn at the later date).
    """
    _check_measure(measure)
    figure = make_subplots(
        rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08, row_heights=[0.45, 0.55]
    )
    remaining = [value or 0 for value in _ints(totals[f"not_exited_{measure}"])]
    dates = [pd.Timestamp(value) for value in totals["snapshot_date"]]
    _not_exited_line(figure, dates, remaining, "not_exited", measure, lang, row=1, col=1)
    flow_dates = [pd.Timestamp(value) for value in flows["snapshot_date"]]
    for flow, color in FLOW_COLORS.items():
        values = _ints(flows[f"{flow}_{measure}"])
        _count_bar(figure, flow_dates, values, flow, color, measure, lang, row=2, col=1)
    if chosen_date is not None:
        figure.add_vline(
            x=pd.Timestamp(chosen_date).timestamp() * 1000,
            line={"color": theme.TEXT_COLOR, "dash": "dash", "width": 1},
        )
    unit = text(f"progress.axis.{measure}", lang)
    figure.update_layout(
        barmode="group",
        hovermode="x unified",
        height=560,
        margin={"t": 60},
        # Headroom above the highest point, so its label is not cut by the panel's edge.
        yaxis={"title": unit, "range": [0, max(remaining, default=0) * HEADROOM or 1]},
        yaxis2={"title": unit, "rangemode": "tozero"},
    )
    # Ticks at the snapshots themselves: a half-year series has nothing between them.
    figure.update_xaxes(tickvals=dates, tickformat="%Y-%m-%d", row=1, col=1)
    figure.update_xaxes(
        tickvals=dates,
        tickformat="%Y-%m-%d",
        title=text("progress.axis.snapshot", lang),
        row=2,
        col=1,
    )
    figure.update_yaxes(tickformat=",d")
    return theme.apply(figure)


def snapshot_series_table(totals: pd.DataFrame, flows: pd.DataFrame) -> pd.DataFrame:
    """The half-year chart's data in one table: each snapshot's not yet exited, and the flows
    since the snapshot before it (empty for the first)."""
    remaining = totals[["snapshot_date", "not_exited_households", "not_exited_people"]]
    return remaining.merge(flows, on="snapshot_date", how="left")[
        [
            "previous_date",
            *remaining.columns,
            *flows.columns.drop(["previous_date", "snapshot_date"]),
        ]
    ]


def table_for_download(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The frame as a reader wants it under a chart: code labels, column names in `lang`."""
    shown = frame.copy()
    for column in ("main_cause", "attribute"):
        if column in shown.columns:
            shown[column] = [code_label("households", column, code, lang) for code in shown[column]]
    names = {column: text(f"progress.column.{column}", lang) for column in shown.columns}
    return shown.rename(columns=names)
