"""Chart builders of the benefit-programs page (帮扶政策): query frames in, Plotly figures out.

Pure functions, no Streamlit. Each takes the frame of one query in `queries/` (named in its
docstring) and the language; labels come from `dashboard/locales/programs.toml` and, for
codes, from the reference table, so a builder draws the same chart in Chinese and English.
A program has its colour from `theme.PROGRAM_COLORS` here as on every page.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import contract, theme
from dashboard.formatting import format_count, format_date, format_yuan
from dashboard.i18n import text
from dashboard.reference import code_label

MEASURES = ("yuan", "households", "people")  # the page's 金额/户数/人数 toggle
DEFAULT_MEASURE = "yuan"
ALL_PERIOD = "all"  # the period choice that spans every payment up to the snapshot
EARLIEST_DATE = dt.date(1900, 1, 1)  # "from the beginning": before any register existed
GAP_WINDOW_MONTHS = 12  # a benefit paid once a (school) year counts as current for 12 months
DUE_MONTHS_AHEAD = 6  # loans falling due this many months after the snapshot are listed
PANELS_PER_ROW = 5  # small multiples per row in the by-year chart: readable at 1,400 px
CELL_TEXT_SIZE = 12

# Loan modes: lent on to an enterprise takes the colour of its dividends' program.
MODE_COLORS = {
    "enterprise_use": theme.PROGRAM_COLORS["loan_dividend"],
    "self_use": theme.TARGET_COLOR,
}

# The coverage-gap lists, in the order the page shows them: (kind, query, unit, colour program).
GAP_KINDS = (
    ("students", "gap_students_without_education_aid", "people", "education_aid"),
    ("vocational", "gap_vocational_without_rainbow_plan", "people", "rainbow_plan"),
    ("migrants", "gap_migrants_without_transport_subsidy", "people", "transport_subsidy"),
    ("housing", "gap_unsafe_housing_without_renovation", "households", "housing_renovation"),
    ("insurance", "gap_members_without_medical_insurance", "people", "health_aid"),
    ("doctor", "gap_households_without_family_doctor", "households", "health_aid"),
)

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


@dataclass(frozen=True)
class ReportFigure:
    """One figure of the township's 2018-05-11 report, with the definition that recomputes it.

    `source` is `programs_in_period` (one program over `paid_from`..`paid_to`, counting
    `count_column`) or `loans_by_mode` (one `mode`, or every mode when `program` is "all").
    The reported numbers are the report's own, shown beside what the data gives.
    """

    figure_id: str
    source: str
    program: str
    paid_from: dt.date | None
    paid_to: dt.date | None
    count_column: str | None
    reported_count: int | None
    reported_yuan: int | None


_Y2015, _Y2016 = dt.date(2015, 1, 1), dt.date(2016, 1, 1)
_END_2017, _Y2018, _H1_2018 = dt.date(2017, 12, 31), dt.date(2018, 1, 1), dt.date(2018, 6, 30)
REPORT_FIGURES = (
    ReportFigure("F15", "programs_in_period", "education_aid", _Y2015, _END_2017,
                 "household_years", 412, 319_750),
    ReportFigure("F16", "programs_in_period", "rainbow_plan", _Y2016, _END_2017,
                 "households", 67, 174_000),
    ReportFigure("F17", "programs_in_period", "transport_subsidy", _Y2015, _END_2017,
                 "household_years", 135, 91_500),
    ReportFigure("F26", "programs_in_period", "education_aid", _Y2018, _H1_2018,
                 "named_recipients", 123, 76_025),
    ReportFigure("F31", "programs_in_period", "pv_income", _Y2018, _H1_2018,
                 "households", 50, 41_600),
    ReportFigure("F19", "programs_in_period", "public_welfare_job", _Y2018, _H1_2018,
                 "named_recipients", 10, None),
    ReportFigure("F20", "programs_in_period", "housing_renovation", None, None,
                 "households", 14, None),
    ReportFigure("F23", "programs_in_period", "loan_dividend", None, None, None, None, 218_400),
    ReportFigure("F22", "loans_by_mode", "enterprise_use", None, None, "households", 78,
                 3_120_000),
    ReportFigure("F24", "loans_by_mode", "self_use", None, None, "households", 85, 4_040_000),
    ReportFigure("F25", "loans_by_mode", "all", None, None, None, None, 7_160_000),
)  # fmt: skip
HEADLINE_FIGURES = ("F15", "F16", "F17", "F26", "F31")  # the five, as cards


def program_label(program: str, lang: str) -> str:
    return code_label("payments", "program", program, lang)


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
    if measure == "yuan":
        return text("programs.hover.yuan", lang, value=f"{placeholder}:,.0f")
    return text(f"programs.count.{measure}", lang, value=f"{placeholder}:,d")


# ------------------------------------------------------------------ periods


def period_choices(by_year: pd.DataFrame) -> list[str]:
    """`"all"` then every year with a payment, latest first (`programs_by_year.sql`'s years)."""
    years = sorted({int(year) for year in by_year["year"]}, reverse=True)
    return [ALL_PERIOD, *(str(year) for year in years)]


def period_bounds(period: str, snapshot_date: dt.date) -> tuple[dt.date, dt.date]:
    """The paid_from..paid_to of a period choice; a year is cut at the snapshot date.

    >>> period_bounds("2018", dt.date(2018, 6, 30))
    (datetime.date(2018, 1, 1), datetime.date(2018, 6, 30))
    """
    if period == ALL_PERIOD:
        return EARLIEST_DATE, snapshot_date
    year = int(period)
    return dt.date(year, 1, 1), min(dt.date(year, 12, 31), snapshot_date)


def period_label(period: str, lang: str) -> str:
    if period == ALL_PERIOD:
        return text("programs.period.all", lang)
    return text("programs.period.year", lang, year=period)


# ------------------------------------------------------------------ the report's figures


def report_figures_table(
    in_periods: dict[tuple[dt.date, dt.date], pd.DataFrame],
    loans_by_mode: pd.DataFrame,
    snapshot_date: dt.date,
    lang: str,
) -> pd.DataFrame:
    """One row per report figure: what the data gives under the report's definition, and what
    the report says.

    `in_periods` maps each (paid_from, paid_to) of `report_windows` to the frame of
    `queries/programs_in_period.sql` for it; `loans_by_mode` is `queries/loans_by_mode.sql`.
    """
    rows = []
    for figure in REPORT_FIGURES:
        count, yuan = _figure_values(figure, in_periods, loans_by_mode, snapshot_date)
        matches = (figure.reported_count is None or count == figure.reported_count) and (
            figure.reported_yuan is None or round(yuan or 0) == figure.reported_yuan
        )
        rows.append(
            {
                "figure_id": figure.figure_id,
                "item": text(f"programs.report.{figure.figure_id}", lang),
                "definition": text(f"programs.report.{figure.figure_id}.definition", lang),
                "count": count,
                "yuan": yuan,
                "reported_count": figure.reported_count,
                "reported_yuan": figure.reported_yuan,
                "matches": matches,
            }
        )
    return pd.DataFrame(rows)


def report_windows(snapshot_date: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The (paid_from, paid_to) windows the report's figures need, each run once."""
    windows = []
    for figure in REPORT_FIGURES:
        if figure.source == "programs_in_period":
            window = _window(figure, snapshot_date)
            if window not in windows:
                windows.append(window)
    return windows


def _window(figure: ReportFigure, snapshot_date: dt.date) -> tuple[dt.date, dt.date]:
    return (figure.paid_from or EARLIEST_DATE, figure.paid_to or snapshot_date)


def _figure_values(
    figure: ReportFigure,
    in_periods: dict[tuple[dt.date, dt.date], pd.DataFrame],
    loans_by_mode: pd.DataFrame,
    snapshot_date: dt.date,
) -> tuple[int | None, float | None]:
    if figure.source == "loans_by_mode":
        rows = (
            loans_by_mode
            if figure.program == "all"
            else (loans_by_mode[loans_by_mode["mode"] == figure.program])
        )
        count = int(rows["households"].sum()) if figure.count_column else None
        return count, float(rows["yuan"].sum())
    frame = in_periods[_window(figure, snapshot_date)]
    rows = frame[frame["program"] == figure.program]
    count = int(rows[figure.count_column].sum()) if figure.count_column else None
    return count, float(rows["yuan"].sum())


def report_card(report: pd.DataFrame, figure_id: str, lang: str) -> tuple[str, str, str]:
    """(label, value, caption) of one report figure's card, from `report_figures_table`.

    The value is the count with its unit (`412 户次`); the caption the yuan and the report's
    own numbers with a mark for whether they agree.
    """
    row = report[report["figure_id"] == figure_id].iloc[0]
    unit = REPORT_UNITS[figure_id]
    value = text(f"programs.card.{unit}", lang, value=format_count(row["count"]))
    caption = text(f"programs.card_unit.{unit}", lang) + text(
        "programs.report.card_caption",
        lang,
        yuan=format_yuan(row["yuan"], lang),
        reported_count=format_count(row["reported_count"]),
        reported_yuan=format_yuan(row["reported_yuan"], lang),
        mark=text("programs.report.match" if row["matches"] else "programs.report.differs", lang),
    )
    return row["item"], value, caption


REPORT_UNITS = {
    "F15": "household_years",
    "F16": "households",
    "F17": "household_years",
    "F26": "people",
    "F31": "households",
    "F19": "people",
    "F20": "households",
    "F22": "households",
    "F24": "households",
}


# ------------------------------------------------------------------ programs


def programs_summary_figure(in_period: pd.DataFrame, measure: str, lang: str) -> go.Figure:
    """Horizontal bars, one per program in contract order (top to bottom), of one measure.

    `in_period` is the frame of `queries/programs_in_period.sql`.
    """
    _check_measure(measure)
    programs = _order(list(in_period["program"]))
    frame = in_period.set_index("program").loc[programs]
    values = [float(value) if measure == "yuan" else int(value) for value in frame[measure]]
    labels = [program_label(program, lang) for program in programs]
    figure = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker_color=[theme.PROGRAM_COLORS.get(program, theme.ACCENT) for program in programs],
            text=[_value_text(value, measure, lang) for value in values],
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


def programs_by_year_figure(by_year: pd.DataFrame, measure: str, lang: str) -> go.Figure:
    """Small multiples: one panel per program (own y scale), a bar per year it paid.

    Health aid pays tens of times what the transport subsidy does; on one axis the small
    programs would be invisible, so each program gets its own panel. `by_year` is the frame of
    `queries/programs_by_year.sql`.
    """
    _check_measure(measure)
    programs = _order(list(dict.fromkeys(by_year["program"])))
    years = sorted({int(year) for year in by_year["year"]})
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
        values = [
            float(of_program.at[year, measure]) if year in of_program.index else 0 for year in years
        ]
        figure.add_bar(
            x=[str(year) for year in years],
            y=values,
            name=program_label(program, lang),
            marker_color=theme.PROGRAM_COLORS.get(program, theme.ACCENT),
            # Counts are short enough to label; sums of money are read on hover and the axis.
            text=[format_count(value) if value and measure != "yuan" else "" for value in values],
            textposition="outside",
            textfont={"size": 11},
            cliponaxis=False,
            hovertemplate="%{fullData.name} · %{x}: "
            + _hover_value(measure, lang, "%{y")
            + "<extra></extra>",
            row=index // columns + 1,
            col=index % columns + 1,
        )
    figure.update_xaxes(type="category")
    figure.update_yaxes(
        tickformat=",.0f" if measure == "yuan" else ",d", rangemode="tozero", nticks=4
    )
    figure.update_layout(height=300 * rows + 40, showlegend=False, margin={"t": 48})
    return theme.apply(figure)


def village_program_matrix(by_village: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Villages (rows, in the query's order) × programs (columns, contract order) of a measure.

    `by_village` is the long frame of `queries/programs_by_village.sql`; a missing cell is 0.
    """
    _check_measure(measure)
    villages = list(dict.fromkeys(by_village["village_name"]))
    programs = _order(list(dict.fromkeys(by_village["program"])))
    matrix = by_village.pivot_table(
        index="village_name", columns="program", values=measure, aggfunc="sum", fill_value=0
    )
    return matrix.reindex(index=villages, columns=programs, fill_value=0)


def village_program_heatmap(by_village: pd.DataFrame, measure: str, lang: str) -> go.Figure:
    """A heatmap, villages × programs; colour compares villages within each program.

    The colour of a cell is its share of the program's largest village (so 光伏收益 and
    健康扶贫 are both readable), the number in it is the measure itself.
    """
    matrix = village_program_matrix(by_village, measure)
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
            text=[[_cell_text(value, measure, lang) for value in row] for row in values],
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
    figure.update_layout(
        xaxis={"side": "top", "type": "category", "tickangle": 0},
        yaxis={"autorange": "reversed", "automargin": True, "tickformat": ""},
        height=max(320, 40 * len(matrix.index) + 120),
        margin={"t": 80},
    )
    return theme.apply(figure)


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
        values = [float(of_mode.at[y, "yuan"]) if y in of_mode.index else 0 for y in years]
        households = [int(of_mode.at[y, "households"]) if y in of_mode.index else 0 for y in years]
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
            hovertemplate="%{fullData.name} · %{x}: "
            + text("programs.hover.yuan", lang, value="%{y:,.0f}")
            + " · "
            + text("programs.count.households", lang, value="%{customdata:,d}")
            + "<extra></extra>",
        )
    figure.update_layout(
        barmode="stack",
        xaxis={"title": text("programs.axis.issue_year", lang), "type": "category"},
        yaxis={"title": text("programs.axis.yuan", lang), "tickformat": ",.0f", "automargin": True},
        uniformtext={"minsize": 10, "mode": "hide"},
        height=380,
    )
    return theme.apply(figure)


def enterprises_figure(by_enterprise: pd.DataFrame, lang: str) -> go.Figure:
    """Horizontal bars of 户贷企用 loan yuan per enterprise, largest on top, and the dividends
    paid on them beside (`queries/loans_by_enterprise.sql`)."""
    names = [
        name if isinstance(name, str) and name else text("programs.enterprise.unnamed", lang)
        for name in by_enterprise["enterprise"]
    ]
    loans = [float(value) for value in by_enterprise["yuan"]]
    dividends = [float(value) for value in by_enterprise["dividends_yuan"].fillna(0)]
    figure = go.Figure()
    figure.add_bar(
        x=loans,
        y=names,
        orientation="h",
        name=text("programs.trace.loans", lang),
        marker_color=MODE_COLORS["enterprise_use"],
        text=[
            text(
                "programs.enterprise.bar",
                lang,
                yuan=format_yuan(value, lang),
                households=format_count(households),
            )
            for value, households in zip(loans, by_enterprise["households"], strict=True)
        ],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}: "
        + text("programs.hover.yuan", lang, value="%{x:,.0f}")
        + "<extra></extra>",
    )
    figure.add_bar(
        x=dividends,
        y=names,
        orientation="h",
        name=text("programs.trace.dividends", lang),
        marker_color=theme.PROGRAM_COLORS["pv_income"],
        text=[format_yuan(value, lang) if value else "" for value in dividends],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}: "
        + text("programs.hover.yuan", lang, value="%{x:,.0f}")
        + "<extra></extra>",
    )
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
    return theme.apply(figure)


# ------------------------------------------------------------------ coverage gaps


def gap_counts_by_village(gaps: dict[str, pd.DataFrame], villages: pd.DataFrame) -> pd.DataFrame:
    """Rows of each gap list per village: one row per village (every village of `villages`,
    in its order), one column per gap kind.

    `gaps` maps a kind of `GAP_KINDS` to its list's frame; `villages` has village_code and
    village_name (e.g. the distinct villages of `programs_by_village.sql`).
    """
    counts = villages[["village_code", "village_name"]].drop_duplicates().reset_index(drop=True)
    for kind, _query, _unit, _program in GAP_KINDS:
        frame = gaps.get(kind)
        per_village = (
            frame.groupby("village_code").size()
            if frame is not None and not frame.empty
            else pd.Series(dtype="int64")
        )
        counts[kind] = [int(per_village.get(code, 0)) for code in counts["village_code"]]
    return counts


def gap_heatmap(counts: pd.DataFrame, lang: str) -> go.Figure:
    """Villages × gap kinds, the number of people or households on each list in each cell.

    `counts` is `gap_counts_by_village`'s frame; colour is the count within its column.
    """
    kinds = [kind for kind, *_ in GAP_KINDS]
    matrix = counts.set_index("village_name")[kinds]
    peaks = matrix.max(axis=0).replace(0, 1)
    steps = len(theme.SEQUENTIAL) - 1
    figure = go.Figure(
        go.Heatmap(
            z=matrix.div(peaks, axis=1).to_numpy().tolist(),
            customdata=matrix.to_numpy().tolist(),
            x=[text(f"programs.gap.{kind}.axis", lang) for kind in kinds],
            y=list(matrix.index),
            colorscale=[[index / steps, color] for index, color in enumerate(theme.SEQUENTIAL)],
            zmin=0,
            zmax=1,
            text=[
                [format_count(value) if value else "" for value in row]
                for row in matrix.to_numpy().tolist()
            ],
            texttemplate="%{text}",
            textfont={"size": CELL_TEXT_SIZE},
            hovertemplate="%{y} · %{x}: %{customdata:,d}<extra></extra>",
            showscale=False,
            xgap=2,
            ygap=2,
        )
    )
    figure.update_layout(
        xaxis={"side": "top", "type": "category", "tickangle": 0},
        yaxis={"autorange": "reversed", "automargin": True, "tickformat": ""},
        height=max(320, 40 * len(matrix.index) + 120),
        margin={"t": 80},
    )
    return theme.apply(figure)


WINDOWED_GAPS = ("students", "vocational", "migrants")  # the lists bound to $window_months


def distinct_households(frame: pd.DataFrame) -> int:
    """Distinct households on a list (a member list may name several members of one home)."""
    return int(frame["household_id"].nunique()) if not frame.empty else 0


def last_paid_note(
    all_time: pd.DataFrame | None, program: str, snapshot_date: dt.date, lang: str
) -> str:
    """A sentence when a program paid nobody in the gap window at all, so a cadre sees that the
    whole program is late rather than chasing every name on the list; "" otherwise.

    `all_time` is `queries/programs_in_period.sql` from the beginning to the snapshot date.
    """
    window_start = (pd.Timestamp(snapshot_date) - pd.DateOffset(months=GAP_WINDOW_MONTHS)).date()
    rows = all_time[all_time["program"] == program] if all_time is not None else None
    label = program_label(program, lang)
    if rows is None or rows.empty:
        return text("programs.gap.never_paid", lang, program=label)
    last = rows["last_paid"].iloc[0]
    last = last if isinstance(last, dt.date) else pd.Timestamp(last).date()
    if last > window_start:
        return ""
    return text(
        "programs.gap.program_late",
        lang,
        program=label,
        date=format_date(last, lang),
        months=GAP_WINDOW_MONTHS,
    )


def double_payment_split(frame: pd.DataFrame) -> tuple[int, int]:
    """(cases where each payment names a different person, cases that do not) in
    `queries/programs_possible_double_payments.sql`'s frame.

    Two students of one household paid the same sum on the same day is ordinary; the same
    person (or nobody) paid twice is what to check first.
    """
    if frame.empty:
        return 0, 0
    different = int((frame["distinct_people"] == frame["payments"]).sum())
    return different, len(frame) - different


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
    for column in ("household_paid_in_window", "matches"):
        if column in shown.columns:
            shown[column] = [
                text("programs.yes" if value else "programs.no", lang) for value in shown[column]
            ]
    names = {column: text(f"programs.column.{column}", lang) for column in shown.columns}
    return shown.rename(columns=names)
