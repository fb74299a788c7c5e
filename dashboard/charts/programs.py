"""Chart builders of the benefit-programs page (帮扶政策): query frames in, Plotly figures out.

Pure functions, no Streamlit. Each takes the frame of one query in `queries/` (named in its
docstring) and the language; labels come from `dashboard/locales/programs.toml` and, for
codes, from the reference table, so a builder draws the same chart in Chinese and English.
A program has its colour from `theme.PROGRAM_COLORS` here as on every page.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import contract, theme
from dashboard.access.small_counts import (
    SMALL_COUNT_LABEL,
    SUPPRESSED_LABEL,
    as_number,
    bar_values,
    is_hidden,
)
from dashboard.charts.bars import horizontal_bar
from dashboard.charts.tables import village_matrix
from dashboard.formatting import format_count, format_yuan
from dashboard.i18n import text
from dashboard.measures.programs import GAP_KINDS, program_label
from dashboard.reference import code_label
from dashboard.snapshots import not_in_source_label

MEASURES = ("yuan", "households", "people")  # the page's 金额/户数/人数 toggle
DEFAULT_MEASURE = "yuan"
PANELS_PER_ROW = 5  # small multiples per row in the by-year chart: readable at 1,400 px
CELL_TEXT_SIZE = 12

# Loan modes: lent on to an enterprise takes the colour of its dividends' program.
MODE_COLORS = {
    "enterprise_use": theme.PROGRAM_COLORS["loan_dividend"],
    "self_use": theme.TARGET_COLOR,
}


GAP_COLUMNS = tuple(kind for kind, *_ in GAP_KINDS)  # gap_counts_by_village's count columns

# Columns holding codes, with the reference table that labels them.
CODE_COLUMNS = {
    "program": ("payments", "program"),
    "mode": ("loans", "mode"),
    "status": ("households", "status"),
    "attribute": ("households", "attribute"),
    "main_cause": ("households", "main_cause"),
    "school_stage": ("members", "school_stage"),
    "migrant_work": ("members", "migrant_work"),
    "relation": ("members", "relation"),
    "health": ("members", "health"),
}


def _check_measure(measure: str) -> str:
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}, not {measure!r}")
    return measure


def _order(programs: list[str]) -> list[str]:
    """Programs in contract order (unknown codes last, as they come)."""
    known = [program for program in contract.PROGRAMS if program in programs]
    return known + [program for program in programs if program not in contract.PROGRAMS]


def _value_text(value: float, measure: str, lang: str) -> str:
    """A bar or cell label: 31.98万元 / ¥319,750, or 1,234 户 / 1,234 households."""
    if measure == "yuan":
        return format_yuan(value, lang)
    return text(f"programs.count.{measure}", lang, value=format_count(value))


def _hover_value(measure: str, lang: str, placeholder: str) -> str:
    """A hover's value in plotly's syntax: `placeholder` is "%{x" or "%{customdata"."""
    if measure == "yuan":
        return text("programs.hover.yuan", lang, value=f"{placeholder}:,.0f}}")
    return text(f"programs.count.{measure}", lang, value=f"{placeholder}:,d}}")


# ------------------------------------------------------------------ periods


# ------------------------------------------------------------------ the report's figures


# ------------------------------------------------------------------ programs


def programs_summary_figure(in_period: pd.DataFrame, measure: str, lang: str) -> go.Figure:
    """Horizontal bars, one per program in contract order (top to bottom), of one measure.

    `in_period` is the frame of `queries/programs_in_period.sql`.
    """
    _check_measure(measure)
    programs = _order(list(in_period["program"]))
    frame = in_period.set_index("program").loc[programs]
    # A visitor's "<5" (or "×") draws no bar and says so where the bar's number would stand.
    values, hidden = bar_values(list(frame[measure]))
    labels = [program_label(program, lang) for program in programs]
    figure = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker_color=[theme.PROGRAM_COLORS.get(program, theme.ACCENT) for program in programs],
            text=[
                label if small else _value_text(value, measure, lang)
                for value, small, label in zip(values, hidden, frame[measure], strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: " + _hover_value(measure, lang, "%{x") + "<extra></extra>",
            name=text(f"programs.measure.{measure}", lang),
        )
    )
    figure.update_layout(
        height=max(260, 42 * len(programs) + 80),
        xaxis={
            "title": text(f"programs.axis.{measure}", lang),
            "tickformat": ",.0f" if measure == "yuan" else ",d",
            "range": [0, max(values, default=0) * 1.25 or 1],
        },
        yaxis={"autorange": "reversed", "automargin": True},
        showlegend=False,
        margin={"t": 24, "r": 24},
    )
    return theme.apply(figure)


WAN_AXIS_FROM = 1_000_000  # yuan: from here the small multiples' axes count 万元


def programs_by_year_figure(by_year: pd.DataFrame, measure: str, lang: str) -> go.Figure:
    """Small multiples: one panel per program (own y scale), a bar per year it paid.

    Health aid pays tens of times what the transport subsidy does; on one axis the small
    programs would be invisible, so each program gets its own panel. `by_year` is the frame of
    `queries/programs_by_year.sql`.
    """
    _check_measure(measure)
    programs = _order(list(dict.fromkeys(by_year["program"])))
    years = sorted({int(year) for year in by_year["year"]})
    # A county's or province's yuan run to eight digits, wider than a panel's margin: the axes
    # then count 万元 (the hover still gives the yuan); a town's stay in yuan.
    in_wan = (
        measure == "yuan"
        and not by_year.empty
        and as_number(by_year[measure]).max() >= WAN_AXIS_FROM
    )
    scale = 10_000 if in_wan else 1
    columns = min(PANELS_PER_ROW, max(len(programs), 1))
    rows = max(1, math.ceil(len(programs) / columns))
    figure = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=[program_label(program, lang) for program in programs],
        horizontal_spacing=0.05,
        vertical_spacing=0.16 if rows > 1 else 0.1,
    )
    for index, program in enumerate(programs):
        of_program = by_year[by_year["program"] == program].set_index("year")
        cells = [of_program.at[year, measure] if year in of_program.index else 0 for year in years]
        values, hidden = bar_values(cells)
        figure.add_bar(
            x=[str(year) for year in years],
            y=[value / scale for value in values] if in_wan else values,
            customdata=values,
            name=program_label(program, lang),
            marker_color=theme.PROGRAM_COLORS.get(program, theme.ACCENT),
            # Counts are short enough to label; sums of money are read on hover and the axis.
            text=[
                cell if small else (format_count(value) if value and measure != "yuan" else "")
                for value, small, cell in zip(values, hidden, cells, strict=True)
            ],
            textposition="outside",
            textfont={"size": 11},
            cliponaxis=False,
            hovertemplate="%{fullData.name} · %{x}: "
            + _hover_value(measure, lang, "%{customdata")
            + "<extra></extra>",
            row=index // columns + 1,
            col=index % columns + 1,
        )
    figure.update_xaxes(type="category")
    figure.update_yaxes(
        tickformat=",.0f" if measure == "yuan" else ",d", rangemode="tozero", nticks=4
    )
    figure.update_layout(height=300 * rows + 40, showlegend=False, margin={"t": 48})
    if in_wan:  # above the panels' titles, in a margin made for it
        figure.update_layout(margin={"t": 80})
        figure.add_annotation(
            text=text("programs.axis_in_wan", lang),
            xref="paper",
            yref="paper",
            x=1,
            y=1,
            yshift=60,
            xanchor="right",
            showarrow=False,
            font={"size": 12},
        )
    return theme.apply(figure)


def village_program_matrix(by_village: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Villages (rows, in the query's order) × programs (columns, contract order) of a measure.

    `by_village` is the long frame of `queries/programs_by_village.sql`; a missing cell is 0.
    """
    _check_measure(measure)
    programs = _order(list(dict.fromkeys(by_village["program"])))
    return village_matrix(by_village, "program", measure, programs)


def village_program_heatmap(by_village: pd.DataFrame, measure: str, lang: str) -> go.Figure:
    """A heatmap, villages × programs; colour compares villages within each program.

    The colour of a cell is its share of the program's largest village (so 光伏收益 and
    健康扶贫 are both readable), the number in it is the measure itself.
    """
    matrix = village_program_matrix(as_number(by_village), measure)
    # A visitor's "<5" cells (and "×" beside them): coloured as empty, labelled so (never 0).
    kinds = {0: None, 1: SMALL_COUNT_LABEL, 2: SUPPRESSED_LABEL}
    codes = by_village[measure].map(
        lambda value: 1 if value == SMALL_COUNT_LABEL else (2 if is_hidden(value) else 0)
    )
    hidden = village_program_matrix(by_village.assign(**{measure: codes}), measure)
    peaks = matrix.max(axis=0).replace(0, 1)
    shares = matrix.div(peaks, axis=1)
    steps = len(theme.SEQUENTIAL) - 1
    values = matrix.to_numpy().tolist()
    figure = go.Figure(
        go.Heatmap(
            z=shares.to_numpy().tolist(),
            customdata=values,
            x=[_two_lines(program_label(program, lang)) for program in matrix.columns],
            y=list(matrix.index),
            colorscale=[[index / steps, color] for index, color in enumerate(theme.SEQUENTIAL)],
            zmin=0,
            zmax=1,
            text=[
                [
                    kinds.get(small) or _cell_text(value, measure, lang)
                    for value, small in zip(row, small_row, strict=True)
                ]
                for row, small_row in zip(values, hidden.to_numpy().tolist(), strict=True)
            ],
            texttemplate="%{text}",
            textfont={"size": CELL_TEXT_SIZE},
            hovertemplate="%{y} · %{x}: "
            + _hover_value(measure, lang, "%{customdata")
            + "<extra></extra>",
            showscale=False,
            xgap=2,
            ygap=2,
        )
    )
    return _heatmap_finished(figure, matrix)


def _two_lines(label: str) -> str:
    """A long label on two lines at a space near its middle, so column heads sit level.

    >>> _two_lines("Migrant transport subsidy")
    'Migrant transport<br>subsidy'
    """
    if len(label) <= 10 or " " not in label:
        return label
    spaces = [index for index, char in enumerate(label) if char == " "]
    middle = min(spaces, key=lambda index: abs(index - len(label) / 2))
    return f"{label[:middle]}<br>{label[middle + 1 :]}"


def _cell_text(value: float, measure: str, lang: str) -> str:
    if not value:
        return ""
    if measure == "yuan":
        return format_yuan(value, lang).replace("元", "") if lang == "zh" else f"{value:,.0f}"
    return format_count(value)


# ------------------------------------------------------------------ microcredit


def loans_by_year_figure(by_year: pd.DataFrame, lang: str) -> go.Figure:
    """Stacked bars of loan yuan issued per year, one colour per mode.

    `by_year` is the frame of `queries/loans_by_issue_year.sql`.
    """
    years = sorted({int(year) for year in by_year["issue_year"]})
    figure = go.Figure()
    for mode in [m for m in contract.LOAN_MODES if m in set(by_year["mode"])]:
        of_mode = by_year[by_year["mode"] == mode].set_index("issue_year")
        values, _hidden = bar_values(
            [of_mode.at[y, "yuan"] if y in of_mode.index else 0 for y in years]
        )
        # A visitor's "<5" households: the hover says "<5", not a number.
        households = [
            format_count(of_mode.at[y, "households"]) if y in of_mode.index else "0" for y in years
        ]
        figure.add_bar(
            x=[str(year) for year in years],
            y=values,
            name=code_label("loans", "mode", mode, lang),
            marker_color=MODE_COLORS.get(mode, theme.ACCENT),
            customdata=households,
            text=[format_yuan(value, lang) if value else "" for value in values],
            textposition="inside",
            textangle=0,
            insidetextanchor="middle",
            hovertemplate=theme.hover(
                "%{fullData.name} · %{x}: ",
                text("programs.hover.yuan", lang, value="%{y:,.0f}"),
                text("programs.count.households", lang, value="%{customdata}"),
            ),
        )
    figure.update_layout(
        barmode="stack",
        xaxis={"title": text("programs.axis.issue_year", lang), "type": "category"},
        yaxis={"title": text("programs.axis.yuan", lang), "tickformat": ",.0f", "automargin": True},
        uniformtext={"minsize": 10, "mode": "hide"},
        height=380,
    )
    return theme.apply(figure)


ENTERPRISES_SHOWN = 15  # bars of the enterprise chart; one town has fewer


def enterprises_figure(by_enterprise: pd.DataFrame, lang: str) -> go.Figure:
    """Horizontal bars of 户贷企用 loan yuan per enterprise, largest on top, and the dividends
    paid on them beside (`queries/loans_by_enterprise.sql`). A county's or a province's
    hundreds of enterprises: the ENTERPRISES_SHOWN largest, the table under it has them all."""
    count = len(by_enterprise)
    by_enterprise = by_enterprise.head(ENTERPRISES_SHOWN)
    names = [
        name if isinstance(name, str) and name else text("programs.enterprise.unnamed", lang)
        for name in by_enterprise["enterprise"]
    ]
    # A visitor's enterprise of 1-4 households: its sums read "<5" beside an empty bar.
    loans, loans_hidden = bar_values(list(by_enterprise["yuan"]))
    dividends, dividends_hidden = bar_values(list(by_enterprise["dividends_yuan"]))
    loan_labels = [
        text(
            "programs.enterprise.bar",
            lang,
            yuan=cell if small else format_yuan(value, lang),
            households=format_count(households),
        )
        for value, small, cell, households in zip(
            loans, loans_hidden, by_enterprise["yuan"], by_enterprise["households"], strict=True
        )
    ]
    dividend_labels = [
        cell if small else (format_yuan(value, lang) if value else "")
        for value, small, cell in zip(
            dividends, dividends_hidden, by_enterprise["dividends_yuan"], strict=True
        )
    ]
    hover = "%{y}: " + text("programs.hover.yuan", lang, value="%{x:,.0f}") + "<extra></extra>"
    figure = go.Figure()
    for key, values, color, labels in (
        ("programs.trace.loans", loans, MODE_COLORS["enterprise_use"], loan_labels),
        ("programs.trace.dividends", dividends, theme.PROGRAM_COLORS["pv_income"], dividend_labels),
    ):
        horizontal_bar(figure, names, values, (text(key, lang), color), labels, hover)
    figure.update_layout(
        barmode="group",
        height=max(260, 70 * len(names) + 100),
        xaxis={
            "title": text("programs.axis.yuan", lang),
            "tickformat": ",.0f",
            "range": [0, max(loans, default=0) * 1.45 or 1],
        },
        yaxis={"autorange": "reversed", "automargin": True},
    )
    if count > ENTERPRISES_SHOWN:
        figure.update_layout(
            title=text(
                "programs.enterprises.top",
                lang,
                shown=format_count(ENTERPRISES_SHOWN),
                count=format_count(count),
            )
        )
    return theme.apply(figure)


# ------------------------------------------------------------------ coverage gaps


def gap_heatmap(counts: pd.DataFrame, lang: str) -> go.Figure:
    """Villages × gap kinds, the number of people or households on each list in each cell.

    `counts` is `gap_counts_by_village`'s frame; colour is the count within its column. A list
    the snapshot's source could not give (None in its column, contract v1.2) is not a count:
    its cells are grey and say "来源未提供 / not in the source", never an empty cell that would
    read as nobody missed.
    """
    kinds = [kind for kind, *_ in GAP_KINDS]
    matrix = counts.set_index("village_name")[kinds]
    unknown = matrix.isna()
    known = matrix.where(~unknown, 0).astype("int64")
    peaks = known.max(axis=0).replace(0, 1)
    steps = len(theme.SEQUENTIAL) - 1
    columns = [text(f"programs.gap.{kind}.axis", lang) for kind in kinds]
    rows = list(matrix.index)
    shares = known.div(peaks, axis=1).where(~unknown)  # an unknown cell has no colour of its own
    figure = go.Figure(
        go.Heatmap(
            z=[[None if pd.isna(v) else v for v in row] for row in shares.to_numpy().tolist()],
            customdata=known.to_numpy().tolist(),
            x=columns,
            y=rows,
            colorscale=[[index / steps, color] for index, color in enumerate(theme.SEQUENTIAL)],
            zmin=0,
            zmax=1,
            text=[
                [
                    "" if missing or not value else format_count(value)
                    for value, missing in zip(row, missing_row, strict=True)
                ]
                for row, missing_row in zip(
                    known.to_numpy().tolist(), unknown.to_numpy().tolist(), strict=True
                )
            ],
            texttemplate="%{text}",
            textfont={"size": CELL_TEXT_SIZE},
            hovertemplate="%{y} · %{x}: %{customdata:,d}<extra></extra>",
            hoverongaps=False,
            showscale=False,
            xgap=2,
            ygap=2,
        )
    )
    if unknown.to_numpy().any():
        label = not_in_source_label(lang)
        figure.add_trace(
            go.Heatmap(
                z=[[1 if missing else None for missing in row] for row in unknown.to_numpy()],
                x=columns,
                y=rows,
                colorscale=[[0, theme.NOT_IN_SOURCE_COLOR], [1, theme.NOT_IN_SOURCE_COLOR]],
                zmin=0,
                zmax=1,
                text=[[label if missing else "" for missing in row] for row in unknown.to_numpy()],
                texttemplate="%{text}",
                textfont={"size": CELL_TEXT_SIZE, "color": theme.TEXT_COLOR},
                hovertemplate="%{y} · %{x}: " + label + "<extra></extra>",
                hoverongaps=False,
                showscale=False,
                xgap=2,
                ygap=2,
                name=label,
            )
        )
    return _heatmap_finished(figure, matrix)


# ------------------------------------------------------------------ tables


def table_for_download(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The frame as a reader wants it: code labels and column names in `lang`."""
    shown = frame.copy()
    for column, (table, code_column) in CODE_COLUMNS.items():
        if column in shown.columns:
            shown[column] = [
                code_label(table, code_column, code, lang) if isinstance(code, str) else code
                for code in shown[column]
            ]
    for column in set(GAP_COLUMNS) & set(shown.columns):  # a gap list the source lacked
        shown[column] = [
            not_in_source_label(lang) if value is None or pd.isna(value) else value
            for value in shown[column]
        ]
    for column in ("household_paid_in_window", "matches"):
        if column in shown.columns:
            shown[column] = [
                text("programs.yes" if value else "programs.no", lang) for value in shown[column]
            ]
    names = {column: text(f"programs.column.{column}", lang) for column in shown.columns}
    return shown.rename(columns=names)


def _heatmap_finished(figure: go.Figure, matrix: pd.DataFrame) -> go.Figure:
    """A heatmap of `matrix` laid out as a table: its columns on top, its rows down the side
    in order, a row of 40 pixels each."""
    figure.update_layout(
        xaxis={"side": "top", "type": "category", "tickangle": 0},
        yaxis={"autorange": "reversed", "automargin": True, "tickformat": ""},
        height=max(320, 40 * len(matrix.index) + 120),
        margin={"t": 80},
    )
    return theme.apply(figure)
