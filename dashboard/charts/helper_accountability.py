"""Chart builders of the helper-accountability page (帮扶责任): query frames in, figures out.

Pure functions, no Streamlit. Each takes the frame of one query in `queries/` (named in its
docstring) and the language, and returns a Plotly figure with the project's theme, or the
table under it. Key numbers and sentences are in `dashboard/measures/helper_accountability.py`,
the 3–5 rule and the windows in `dashboard/measures/rules.py` (read from the SQL). Labels come from `dashboard/locales/helpers.toml` and, for codes (level,
status), from the reference table.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import theme
from dashboard.charts.bars import horizontal_bar
from dashboard.formatting import format_count
from dashboard.i18n import text
from dashboard.measures.helper_accountability import (
    LEVELS,
    RANKING_BARS,
    RARE_VISITS_PER_HOUSEHOLD_MONTH,
    RESPONSIBLE_LEVELS,
)
from dashboard.measures.rules import (
    MAX_HOUSEHOLDS_PER_HELPER,
    MIN_HOUSEHOLDS_PER_HELPER,
    VISIT_RATE_MONTHS,
)
from dashboard.reference import code_label

LOAD_BAND_COLORS = {
    "none": theme.STATUS_COLORS["removed"],
    "too_few": theme.STATUS_COLORS["relapsed"],
    "within": theme.STATUS_COLORS["exited"],
    "too_many": theme.STATUS_COLORS["not_exited"],
}
# Bins of days since the own helper's last visit: upper bounds, the last one open-ended.
RECENCY_BINS = (30, 60, 90, 180, 365)
RATE_BIN_WIDTH = 0.1  # visits per household per month, per bar of the rate histogram
HEADROOM = 1.18  # room above the highest bar for its label
ROW_HEIGHT = 24  # pixels per bar of a horizontal bar chart with one row per unit or helper


def _finish(figure: go.Figure) -> go.Figure:
    """Bar labels upright and never clipped by the plot's edge, then the project's theme."""
    figure.update_traces(textangle=0, cliponaxis=False, selector={"type": "bar"})
    return theme.apply(figure)


def _level_label(level: str, lang: str) -> str:
    return code_label("helpers", "level", level, lang)


def _ints(values: pd.Series) -> list[int]:
    return [0 if pd.isna(value) else int(value) for value in values]


def _labels(values: list[int]) -> list[str]:
    """Bar labels with thousands separators; none on a zero bar."""
    return [format_count(value) if value else "" for value in values]


def _hover(unit_key: str, lang: str, value: str) -> str:
    return f"%{{fullData.name}}: {text(unit_key, lang, value=value)}<extra></extra>"


def _count_bar(
    figure: go.Figure,
    names: list[str],
    values: list[int],
    lang: str,
    keys: tuple[str, str],
    color: str,
    textposition: str = "outside",
    **placement,
) -> None:
    """One horizontal bar trace of counts, one bar per name, labelled; `keys` are the i18n keys of
    the trace's name and of what it counts. `placement`: legend group, subplot row and column."""
    name_key, unit_key = keys
    hover = _hover(unit_key, lang, "%{x:,d}")
    look = (text(name_key, lang), color)
    horizontal_bar(
        figure, names, values, look, _labels(values), hover, textposition=textposition, **placement
    )


def _unit_totals(frame: pd.DataFrame) -> list[int]:
    """Helpers per unit over all levels (a unit name could recur at two levels)."""
    return [int(value) for value in frame.groupby("unit")["helpers"].sum()]


UNITS_SHOWN = 40  # work units drawn; the demo town has 37, all of them drawn


def helpers_by_unit_figure(frame: pd.DataFrame, lang: str) -> go.Figure:
    """Horizontal bars of helpers per work unit, one colour per level, most helpers on top.

    `frame` is `queries/helpers_by_unit.sql` (one row per level and unit). A county sends
    hundreds of units, a province thousands: the UNITS_SHOWN with most helpers are drawn, the
    table under the chart has them all.
    """
    totals = frame.groupby("unit")["helpers"].sum()
    count = len(totals)
    if count > UNITS_SHOWN:
        ranked = totals.reset_index().sort_values(
            ["helpers", "unit"], ascending=[False, True], kind="stable"
        )
        frame = frame[frame["unit"].isin(ranked["unit"].head(UNITS_SHOWN))]
    figure = go.Figure()
    order = frame.sort_values(["helpers", "unit"], ascending=[True, False], kind="stable")
    units = list(dict.fromkeys(order["unit"]))
    for level in LEVELS:
        rows = order[order["level"] == level]
        if rows.empty:
            continue
        figure.add_bar(
            y=list(rows["unit"]),
            x=_ints(rows["helpers"]),
            orientation="h",
            name=_level_label(level, lang),
            marker_color=theme.LEVEL_COLORS[level],
            text=_labels(_ints(rows["helpers"])),
            textposition="outside",
            customdata=_ints(rows["households"]),
            hovertemplate=theme.hover(
                "%{y} · %{fullData.name}: ",
                text("helpers.count.helpers", lang, value="%{x:,d}"),
                text("helpers.count.households", lang, value="%{customdata:,d}"),
            ),
        )
    figure.update_layout(
        barmode="stack",
        legend_traceorder="normal",
        xaxis={
            "title": text("helpers.axis.helpers", lang),
            "tickformat": ",d",
            "range": [0, max(_unit_totals(frame), default=0) * HEADROOM or 1],
        },
        yaxis={"categoryorder": "array", "categoryarray": units, "automargin": True},
        height=max(360, ROW_HEIGHT * len(units) + 140),
        margin={"t": 70},
    )
    if count > UNITS_SHOWN:
        figure.update_layout(
            title=text(
                "helpers.units.top",
                lang,
                shown=format_count(UNITS_SHOWN),
                count=format_count(count),
            )
        )
    return _finish(figure)


def load_distribution_figure(roster: pd.DataFrame, lang: str) -> go.Figure:
    """How many helpers carry 0, 1, 2 … households: two panels side by side.

    `roster` is `queries/helpers_households.sql`. Left, city and town helpers (帮扶责任人),
    each bar coloured by its band against the 3–5 rule, the rule shaded; right, village
    contacts (村级联系人), to whom the rule does not apply, in the village level's colour.
    """
    figure = make_subplots(
        rows=1,
        cols=2,
        horizontal_spacing=0.1,
        subplot_titles=(
            text("helpers.trace.responsible", lang),
            text("helpers.trace.contacts", lang),
        ),
    )
    for column, levels in ((1, RESPONSIBLE_LEVELS), (2, ("village",))):
        rows = roster[roster["level"].isin(levels)]
        top = int(rows["households"].max()) if not rows.empty else 0
        if column == 1:
            top = max(top, MAX_HOUSEHOLDS_PER_HELPER + 1)
        loads = list(range(0, top + 1))
        counts = rows["households"].value_counts()
        values = [int(counts.get(load, 0)) for load in loads]
        colors = (
            [LOAD_BAND_COLORS[_band(load)] for load in loads]
            if column == 1
            else theme.LEVEL_COLORS["village"]
        )
        figure.add_bar(
            x=loads,
            y=values,
            name=text(
                "helpers.trace.responsible" if column == 1 else "helpers.trace.contacts", lang
            ),
            marker_color=colors,
            text=_labels(values),
            textposition="outside",
            showlegend=False,
            hovertemplate="%{x} "
            + text("helpers.unit.households_short", lang)
            + ": "
            + text("helpers.count.helpers", lang, value="%{y:,d}")
            + "<extra></extra>",
            row=1,
            col=column,
        )
        figure.update_yaxes(range=[0, max(values, default=0) * HEADROOM or 1], row=1, col=column)
        figure.update_xaxes(
            title=text("helpers.axis.households_per_helper", lang),
            dtick=1 if top <= 10 else 2,
            row=1,
            col=column,
        )
    figure.add_vrect(
        x0=MIN_HOUSEHOLDS_PER_HELPER - 0.5,
        x1=MAX_HOUSEHOLDS_PER_HELPER + 0.5,
        fillcolor=theme.STATUS_COLORS["exited"],
        opacity=0.1,
        line_width=0,
        annotation_text=text(
            "helpers.rule_band",
            lang,
            low=MIN_HOUSEHOLDS_PER_HELPER,
            high=MAX_HOUSEHOLDS_PER_HELPER,
        ),
        annotation_position="top left",
        row=1,
        col=1,
    )
    figure.update_yaxes(title=text("helpers.axis.helpers", lang), row=1, col=1)
    figure.update_layout(margin={"t": 60})
    return _finish(figure)


def _band(load: int) -> str:
    if load == 0:
        return "none"
    if load < MIN_HOUSEHOLDS_PER_HELPER:
        return "too_few"
    if load > MAX_HOUSEHOLDS_PER_HELPER:
        return "too_many"
    return "within"


def overdue_figure(counts: pd.DataFrame, lang: str) -> go.Figure:
    """Stacked bars per window: households not visited by their own helper within 30/60/90 days.

    `counts` is `queries/visits_overdue_counts.sql`; the not-yet-exited part is in the status
    colour that asks for attention, the exited rest (脱贫不脱帮扶) in the exited colour.
    """
    windows = [text("helpers.window", lang, days=int(days)) for days in counts["days"]]
    remaining = _ints(counts["remaining_households"])
    exited = [int(a) - b for a, b in zip(counts["households"], remaining, strict=True)]
    figure = go.Figure()
    for key, values, color in (
        ("helpers.trace.remaining", remaining, theme.STATUS_COLORS["not_exited"]),
        ("helpers.trace.exited", exited, theme.STATUS_COLORS["exited"]),
    ):
        figure.add_bar(
            x=windows,
            y=values,
            name=text(key, lang),
            marker_color=color,
            text=_labels(values),
            textposition="inside",
            hovertemplate=_hover("helpers.count.households", lang, "%{y:,d}"),
        )
    totals = _ints(counts["households"])
    figure.add_scatter(
        x=windows,
        y=totals,
        mode="text",
        text=[format_count(value) for value in totals],
        textposition="top center",
        showlegend=False,
        hoverinfo="skip",
    )
    figure.update_layout(
        barmode="stack",
        legend_traceorder="normal",
        xaxis={"title": text("helpers.axis.not_visited_within", lang), "type": "category"},
        yaxis={
            "title": text("helpers.axis.households", lang),
            "range": [0, max(totals, default=0) * 1.15 or 1],
        },
        margin={"t": 70},
    )
    return _finish(figure)


def _bin_label(upper: int, lang: str) -> str:
    if upper == -2:
        return text("helpers.bin.never", lang)
    if upper == -1:
        return f">{RECENCY_BINS[-1]}"
    index = RECENCY_BINS.index(upper)
    lower = RECENCY_BINS[index - 1] + 1 if index else 0
    return f"{lower}–{upper}"


def recency_figure(binned: pd.DataFrame, lang: str) -> go.Figure:
    """Bars of households by days since their own helper's last visit, stacked by status.

    `binned` is `queries/visits_recency_bins.sql` over RECENCY_BINS (one row per bin: `bin` the
    upper bound in days, -1 for more than the last bound, -2 for never visited).
    """
    labels = [_bin_label(int(upper), lang) for upper in binned["bin"]]
    figure = go.Figure()
    for key, column, color in (
        ("helpers.trace.remaining", "remaining_households", theme.STATUS_COLORS["not_exited"]),
        ("helpers.trace.exited", "exited_households", theme.STATUS_COLORS["exited"]),
    ):
        values = _ints(binned[column])
        figure.add_bar(
            x=labels,
            y=values,
            name=text(key, lang),
            marker_color=color,
            text=_labels(values),
            textposition="inside",
            hovertemplate=_hover("helpers.count.households", lang, "%{y:,d}"),
        )
    figure.update_layout(
        barmode="stack",
        legend_traceorder="normal",
        xaxis={
            "title": text("helpers.axis.days_since_visit", lang),
            "type": "category",
            "tickangle": 0,
        },
        yaxis={"title": text("helpers.axis.households", lang), "rangemode": "tozero"},
        margin={"t": 70},
    )
    return _finish(figure)


def visits_per_month_figure(monthly: pd.DataFrame, lang: str) -> go.Figure:
    """Lines of visits per helper per month, one per level, over the year up to the snapshot.

    `monthly` is `queries/visits_by_level_month.sql`; the total visits are in the hover.
    """
    summary = monthly
    figure = go.Figure()
    for level in LEVELS:
        rows = summary[summary["level"] == level]
        if rows.empty:
            continue
        figure.add_scatter(
            x=[pd.Timestamp(month) for month in rows["month"]],
            y=list(rows["visits_per_helper"]),
            name=_level_label(level, lang),
            mode="lines+markers",
            line={"color": theme.LEVEL_COLORS[level], "width": 3},
            customdata=_ints(rows["visits"]),
            hovertemplate=theme.hover(
                "%{fullData.name}: ",
                text("helpers.count.per_helper", lang, value="%{y:.2f}"),
                text("helpers.count.visits", lang, value="%{customdata:,d}"),
            ),
        )
    figure.update_layout(
        # Months label themselves; an axis title would collide with the slanted ticks.
        xaxis={"tickformat": "%Y-%m", "dtick": "M2"},
        yaxis={
            "title": text("helpers.axis.visits_per_helper", lang),
            "tickformat": ",.1f",
            "rangemode": "tozero",
        },
        hovermode="x unified",
        margin={"t": 60},
    )
    return _finish(figure)


def rate_histogram_figure(ranking: pd.DataFrame, lang: str) -> go.Figure:
    """City and town helpers by their visits per household per month, the rare ones in red.

    `ranking` is `queries/helpers_visit_ranking.sql`. Bars are RATE_BIN_WIDTH wide, drawn at
    their bin's middle; helpers below RARE_VISITS_PER_HOUSEHOLD_MONTH are a trace of their own.
    """
    rates = ranking["visits_per_household_month"].astype(float)
    rare = rates < RARE_VISITS_PER_HOUSEHOLD_MONTH
    top = max(float(rates.max()) if not rates.empty else 0.0, RATE_BIN_WIDTH)
    edges = [round(RATE_BIN_WIDTH * step, 2) for step in range(int(top / RATE_BIN_WIDTH) + 2)]
    middles, ranges, rare_counts, other_counts = [], [], [], []
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        in_bin = (rates >= low) & (rates < high)
        middles.append(round((low + high) / 2, 3))
        ranges.append(f"{low:.1f}–{high:.1f}")
        rare_counts.append(int((in_bin & rare).sum()))
        other_counts.append(int((in_bin & ~rare).sum()))
    figure = go.Figure()
    for key, values, color in (
        ("helpers.trace.rare", rare_counts, theme.STATUS_COLORS["not_exited"]),
        ("helpers.trace.regular", other_counts, theme.LEVEL_COLORS["town"]),
    ):
        figure.add_bar(
            x=middles,
            y=values,
            width=RATE_BIN_WIDTH * 0.9,
            name=text(key, lang),
            marker_color=color,
            text=_labels(values),
            textposition="outside",
            customdata=ranges,
            hovertemplate="%{customdata} · "
            + text("helpers.count.helpers", lang, value="%{y:,d}")
            + "<extra></extra>",
        )
    totals = [a + b for a, b in zip(rare_counts, other_counts, strict=True)]
    figure.update_layout(
        barmode="stack",
        legend_traceorder="normal",
        xaxis={
            "title": text("helpers.axis.rate", lang, months=VISIT_RATE_MONTHS),
            "tickformat": ".1f",
            "dtick": RATE_BIN_WIDTH * 2,
            "range": [0, edges[-1]],
        },
        yaxis={
            "title": text("helpers.axis.helpers", lang),
            "range": [0, max(totals, default=0) * HEADROOM or 1],
        },
        margin={"t": 70},
    )
    return _finish(figure)


def _helper_label(row: pd.Series, lang: str) -> str:
    return f"{row['helper_name']} · {row['unit']} · {_level_label(row['level'], lang)}"


def ranking_figure(ranking: pd.DataFrame, lang: str, stale_days: int) -> go.Figure:
    """The RANKING_BARS helpers whose households wait longest: overdue vs visited households.

    `ranking` is `queries/helpers_visit_ranking.sql` (ranked, rank 1 first); rank 1 is drawn
    on top. Names are the masked ones the query returns.
    """
    shown = ranking.head(RANKING_BARS).iloc[::-1]
    labels = [f"{int(row['rank'])}. {_helper_label(row, lang)}" for _, row in shown.iterrows()]
    overdue = _ints(shown["overdue_households"])
    visited = [int(a) - b for a, b in zip(shown["households"], overdue, strict=True)]
    days = [
        text("helpers.days_ago", lang, days=format_count(value))
        if pd.notna(value)
        else text("helpers.never", lang)
        for value in shown["days_since_last_visit"]
    ]
    figure = go.Figure()
    figure.add_bar(
        y=labels,
        x=overdue,
        orientation="h",
        name=text("helpers.trace.overdue", lang, days=stale_days),
        marker_color=theme.STATUS_COLORS["not_exited"],
        text=_labels(overdue),
        textposition="inside",
        customdata=days,
        hovertemplate=theme.hover(
            "%{fullData.name}: ",
            text("helpers.count.households", lang, value="%{x:,d}"),
            text("helpers.last_visit", lang, when="%{customdata}"),
        ),
    )
    figure.add_bar(
        y=labels,
        x=visited,
        orientation="h",
        name=text("helpers.trace.visited", lang, days=stale_days),
        marker_color=theme.STATUS_COLORS["exited"],
        text=_labels(visited),
        textposition="inside",
        hovertemplate=_hover("helpers.count.households", lang, "%{x:,d}"),
    )
    figure.update_layout(
        barmode="stack",
        legend_traceorder="normal",
        xaxis={"title": text("helpers.axis.households", lang), "dtick": 1},
        yaxis={"automargin": True},
        height=max(360, ROW_HEIGHT * len(labels) + 140),
        margin={"t": 70},
    )
    return _finish(figure)


def village_figure(villages: pd.DataFrame, lang: str, stale_days: int) -> go.Figure:
    """Three panels side by side, one row per village: remaining poor households, the helpers
    and village contacts answering for it (stacked), households overdue a visit (the
    not-yet-exited part in red).

    `villages` is `queries/visits_by_village.sql` (one row per village-level unit).
    """
    rows = villages.iloc[::-1]
    names = list(rows["village_name"])
    figure = make_subplots(
        rows=1,
        cols=3,
        shared_yaxes=True,
        horizontal_spacing=0.04,
        subplot_titles=(
            text("helpers.panel.remaining", lang),
            text("helpers.panel.helpers", lang),
            text("helpers.panel.overdue", lang, days=stale_days),
        ),
    )
    remaining = _ints(rows["remaining_households"])
    households, helpers = "helpers.count.households", "helpers.count.helpers"
    _count_bar(
        figure,
        names,
        remaining,
        lang,
        ("helpers.trace.remaining", households),
        theme.STATUS_COLORS["not_exited"],
        legendgroup="remaining",
        row=1,
        col=1,
    )
    for key, column, color in (
        ("helpers.trace.responsible", "helpers", theme.LEVEL_COLORS["city"]),
        ("helpers.trace.contacts", "village_contacts", theme.LEVEL_COLORS["village"]),
    ):
        _count_bar(figure, names, _ints(rows[column]), lang, (key, helpers), color, row=1, col=2)
    overdue_remaining = _ints(rows["overdue_remaining_households"])
    overdue_exited = [
        int(a) - b for a, b in zip(rows["overdue_households"], overdue_remaining, strict=True)
    ]
    # The overdue split keeps the status colours of the first panel, so one legend entry each.
    for key, values, color, group in (
        (
            "helpers.trace.remaining",
            overdue_remaining,
            theme.STATUS_COLORS["not_exited"],
            "remaining",
        ),
        ("helpers.trace.exited", overdue_exited, theme.STATUS_COLORS["exited"], "exited"),
    ):
        _count_bar(
            figure,
            names,
            values,
            lang,
            (key, households),
            color,
            textposition="inside",
            legendgroup=group,
            showlegend=group == "exited",
            row=1,
            col=3,
        )
    for column, totals in (
        (1, remaining),
        (
            2,
            [
                int(a) + int(b)
                for a, b in zip(rows["helpers"], rows["village_contacts"], strict=True)
            ],
        ),
        (3, _ints(rows["overdue_households"])),
    ):
        figure.update_xaxes(range=[0, max(totals, default=0) * HEADROOM or 1], row=1, col=column)
    figure.update_layout(
        barmode="stack",
        height=max(380, 34 * len(names) + 160),
        margin={"t": 110},
        legend={"y": 1.12, "traceorder": "normal"},
    )
    figure.update_yaxes(automargin=True, tickformat="")
    figure.update_xaxes(tickformat=",d")
    return _finish(figure)


def table_for_download(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The frame as a reader wants it: code labels, column names in `lang`."""
    shown = frame.copy()
    for column in ("level", "helper_level"):
        if column in shown.columns:
            shown[column] = [
                _level_label(code, lang) if isinstance(code, str) else code
                for code in shown[column]
            ]
    if "status" in shown.columns:
        shown["status"] = [
            code_label("households", "status", code, lang) for code in shown["status"]
        ]
    if "load_band" in shown.columns:
        shown["load_band"] = [
            text(
                f"helpers.band.{code}",
                lang,
                low=MIN_HOUSEHOLDS_PER_HELPER,
                high=MAX_HOUSEHOLDS_PER_HELPER,
            )
            if isinstance(code, str)
            else ""
            for code in shown["load_band"]
        ]
    if "bin" in shown.columns:
        shown["bin"] = [_bin_label(int(upper), lang) for upper in shown["bin"]]
    names = {column: text(f"helpers.column.{column}", lang) for column in shown.columns}
    return shown.rename(columns=names)
