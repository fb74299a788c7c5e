"""Chart builders of the industry-support page (产业扶持): query frames in, Plotly figures out.

Pure functions, no Streamlit. Each takes the frame of one query in `queries/industry_*.sql`
(or the concentration frame of `dashboard/concentration.py`), the measure where it has one
(`"yuan"`, `"projects"` or `"households"`, the page's toggle) and the language. Labels come
from `dashboard/locales/industry.toml` and, for program codes, from the reference table;
planting and breeding keep their colours from `theme.PROGRAM_COLORS`, and their items take
shades of those colours.
"""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go

from dashboard import concentration, theme
from dashboard.access.small_counts import as_number, bar_values, hidden_label, is_hidden
from dashboard.charts.bars import horizontal_bar
from dashboard.definitions import industry_programs
from dashboard.formatting import format_count
from dashboard.hierarchy import LEVEL_LABELS
from dashboard.i18n import text
from dashboard.reference import code_label

MEASURES = ("yuan", "projects", "households")  # the page's toggle; also the query columns
DEFAULT_MEASURE = "yuan"
# 特色种植, 特色养殖: the programs the `industry_program` definition counts, in contract order.
PROGRAMS = industry_programs()
ALL = "all"  # the queries' row for both programs together
TOTAL_COLOR = theme.TARGET_COLOR  # the "both programs" bars, apart from either program
NEUTRAL_COLOR = theme.STATUS_COLORS["removed"]  # villages that are not flagged


# Shades of each program's colour for its items, largest item first (its own colour).
ITEM_SHADES = {
    "industry_planting": (
        theme.PROGRAM_COLORS["industry_planting"],
        "#4F7A28", "#A5C46E", "#2F5518", "#C8DDA0", "#8FB35A", "#5E8F33", "#DCEBC4",
    ),
    "industry_breeding": (
        theme.PROGRAM_COLORS["industry_breeding"],
        "#A8740B", "#E8C25A", "#7D5206", "#F2DC9A", "#C08A12", "#8F6A10", "#F7EBC8",
        "#B8860B", "#E0B040",
    ),
}  # fmt: skip
OTHER_SHADES = ("#9E9E9E", "#BDBDBD", "#757575")  # an item under an unexpected program

BATCHES_LABELLED_IN_FULL = 4  # past this many batches, only the totals carry numbers
BAR_HEIGHT = 34  # pixels per row of a horizontal bar chart
_BATCH = re.compile(r"^(\d{4})年第(\d+)批$")


# ------------------------------------------------------------------ periods


# ------------------------------------------------------------------ labels


def _check_measure(measure: str) -> str:
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}, not {measure!r}")
    return measure


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def program_label(code: str, lang: str) -> str:
    """特色种植 / Planting support; 合计 / Total for the queries' 'all' row."""
    if code == ALL:
        return text("industry.program.all", lang)
    return code_label("payments", "program", code, lang)


def item_label(item: object, lang: str) -> str:
    """An item as written locally (花生), its English name where the catalogue has one."""
    if _missing(item) or item in ("", "未注明"):
        return text("industry.item.unrecorded", lang)
    if lang == "zh":
        return str(item)
    return text(f"industry.item.{item}", lang).removeprefix("industry.item.")


def batch_label(batch: object, lang: str) -> str:
    """A batch as written (2017年第1批), `2017 batch 1` in English; a missing one says so."""
    if _missing(batch) or batch == "":
        return text("industry.batch.unrecorded", lang)
    match = _BATCH.match(str(batch))
    if match and lang != "zh":
        return text("industry.batch.numbered", lang, year=match[1], number=match[2])
    return str(batch)


def half_label(year: int, half: int, lang: str) -> str:
    """2018年上半年 / 2018 H1."""
    return text(f"industry.half.{int(half)}", lang, year=int(year))


def format_share(value: object) -> str:
    """A fraction as a whole percentage: 0.7872 → 79%; an em dash when missing."""
    return "—" if _missing(value) else f"{float(value) * 100:.0f}%"


def format_measure(value: object, measure: str, lang: str) -> str:
    """1,234 元 / 1,234 项 / 1,234 户 (¥1,234, 1,234 projects, …)."""
    return text(f"industry.count.{measure}", lang, value=format_count(value))


def _hover(measure: str, lang: str, value: str) -> str:
    return text(f"industry.count.{measure}", lang, value=value)


# ------------------------------------------------------------------ colours


def item_colors(frame: pd.DataFrame) -> dict[str, str]:
    """A colour per item: shades of its program's colour, the program's largest item first.

    `frame` has `program`, `item` and `yuan` (the items or by-item query); a missing item is
    keyed by its label-free marker `""`.
    """
    totals = (
        frame.assign(item=frame["item"].fillna(""), yuan=as_number(frame["yuan"]))
        .groupby(["program", "item"], as_index=False)["yuan"]
        .sum()
        .sort_values(["program", "yuan", "item"], ascending=[True, False, True])
    )
    colors: dict[str, str] = {}
    for program, items in totals.groupby("program", sort=False):
        shades = ITEM_SHADES.get(program, OTHER_SHADES)
        for index, item in enumerate(items["item"]):
            colors.setdefault(item, shades[index % len(shades)])
    return colors


# ------------------------------------------------------------------ sentences


# ------------------------------------------------------------------ figures


def mix_treemap(items: pd.DataFrame, lang: str) -> go.Figure:
    """A treemap of yuan: the programs, and inside each its items.

    `items` is `queries/industry_items.sql` (one row per program × item). Yuan is the size
    (it adds up; distinct households would not); projects and households show on hover.
    """
    items = as_number(items)  # a visitor's "<5" items have no box: their yuan is not told
    items = items[items["yuan"].notna()]
    colors = item_colors(items)
    ids, labels, parents, values, marker_colors, projects, households = [], [], [], [], [], [], []
    for program in [p for p in PROGRAMS if p in set(items["program"])] + sorted(
        set(items["program"]) - set(PROGRAMS)
    ):
        rows = items[items["program"] == program]
        ids.append(program)
        labels.append(program_label(program, lang))
        parents.append("")
        values.append(float(rows["yuan"].sum()))
        marker_colors.append(theme.PROGRAM_COLORS.get(program, NEUTRAL_COLOR))
        projects.append(int(rows["projects"].sum()))
        households.append(None)  # distinct households of a program are not the items' sum
        for row in rows.itertuples(index=False):
            key = "" if _missing(row.item) else row.item
            ids.append(f"{program}/{key}")
            labels.append(item_label(row.item, lang))
            parents.append(program)
            values.append(float(row.yuan))
            marker_colors.append(colors.get(key, NEUTRAL_COLOR))
            projects.append(int(row.projects))
            households.append(int(row.households))
    hover = (
        "<b>%{label}</b><br>"
        + _hover("yuan", lang, "%{value:,.0f}")
        + "<br>"
        + _hover("projects", lang, "%{customdata[0]:,d}")
        + "<br>%{percentRoot:.0%}<extra></extra>"
    )
    figure = go.Figure(
        go.Treemap(
            ids=ids,
            labels=labels,
            parents=parents,
            values=values,
            branchvalues="total",
            marker={"colors": marker_colors, "line": {"color": "white", "width": 1}},
            customdata=[[p, h] for p, h in zip(projects, households, strict=True)],
            texttemplate="%{label}<br>%{percentRoot:.0%}",
            hovertemplate=hover,
            sort=True,
            tiling={"pad": 2},
            pathbar={"visible": False},
        )
    )
    figure.update_layout(height=460, margin={"t": 16, "l": 8, "r": 8, "b": 8})
    return theme.apply(figure)


def items_ranked_figure(items: pd.DataFrame, measure: str, lang: str) -> go.Figure:
    """Horizontal bars of the items ranked by the measure, largest on top, one trace per program
    in the program's colour. `items` is `queries/industry_items.sql`."""
    _check_measure(measure)
    ranked = items.assign(
        _label=[item_label(item, lang) for item in items["item"]],
        _hidden=items[measure].map(hidden_label),
        **{measure: as_number(items[measure]).fillna(0)},  # "<5": a bar of no length, so labelled
    )
    ranked = ranked.sort_values([measure, "_label"], ascending=[True, False], kind="stable")
    figure = go.Figure()
    for program in [p for p in PROGRAMS if p in set(ranked["program"])] + sorted(
        set(ranked["program"]) - set(PROGRAMS)
    ):
        rows = ranked[ranked["program"] == program]
        values = [float(v) if measure == "yuan" else int(v) for v in rows[measure]]
        labels = [
            hidden or format_count(v)  # a visitor's "<5" (or "×" beside one), else the number
            for v, hidden in zip(values, rows["_hidden"], strict=True)
        ]
        look = (program_label(program, lang), theme.PROGRAM_COLORS.get(program, NEUTRAL_COLOR))
        hover = "%{y}: " + _hover(measure, lang, "%{x:,.0f}") + "<extra></extra>"
        horizontal_bar(figure, list(rows["_label"]), values, look, labels, hover)
    figure.update_layout(
        barmode="overlay",
        xaxis={"title": text(f"industry.axis.{measure}", lang), "tickformat": ",d"},
        yaxis={
            "tickformat": "",
            "automargin": True,
            "categoryorder": "array",
            "categoryarray": list(ranked["_label"]),
        },
        height=max(320, BAR_HEIGHT * len(ranked) + 120),
        margin={"t": 60, "r": 56},
    )
    return theme.apply(figure)


def village_share_matrix(by_item: pd.DataFrame) -> pd.DataFrame:
    """Villages (rows, most concentrated first) × items (columns, largest in town first) of
    each item's share of the village's industry yuan; rows sum to 1.

    `by_item` is `queries/industry_by_item.sql` (one row per village × program × item).
    """
    order = concentration.village_concentration(by_item)
    frame = by_item.assign(  # a visitor's "<5" items count for nothing in the shares
        item=by_item["item"].fillna(""), yuan=as_number(by_item["yuan"]).astype(float).fillna(0)
    )
    yuan = frame.pivot_table(
        index="village_name", columns="item", values="yuan", aggfunc="sum", fill_value=0.0
    )
    item_order = frame.groupby("item")["yuan"].sum().sort_values(ascending=False, kind="stable")
    yuan = yuan.reindex(index=list(order["village_name"]), columns=list(item_order.index))
    return yuan.div(yuan.sum(axis=1), axis=0)


def village_shares_figure(by_item: pd.DataFrame, lang: str, level: str | None = None) -> go.Figure:
    """100% stacked horizontal bars: each village's industry yuan by item, most concentrated
    village on top; items coloured in shades of their program's colour."""
    shares = village_share_matrix(by_item)
    colors = item_colors(by_item)
    figure = go.Figure()
    for item in shares.columns:
        values = [float(v) for v in shares[item]]
        label = item_label(item or None, lang)
        figure.add_bar(
            y=list(shares.index),
            x=values,
            orientation="h",
            name=label,
            marker_color=colors.get(item, NEUTRAL_COLOR),
            text=[format_share(v) if v >= 0.08 else "" for v in values],  # no label on slivers
            textposition="inside",
            insidetextanchor="middle",
            hovertemplate="%{y} · " + label + ": %{x:.0%}<extra></extra>",
        )
    figure.update_layout(
        barmode="stack",
        xaxis={
            "title": text(
                "industry.axis.share", lang, level=level or LEVEL_LABELS["village"][lang]
            ),
            "tickformat": ".0%",
            "range": [0, 1],
        },
        yaxis={"tickformat": "", "automargin": True, "autorange": "reversed"},
        height=max(360, BAR_HEIGHT * len(shares.index) + 180),
        margin={"t": 110},
        legend={"traceorder": "normal"},
    )
    return theme.apply(figure)


def concentration_figure(table: pd.DataFrame, lang: str) -> go.Figure:
    """Horizontal bars of each village's Herfindahl index, most concentrated on top; flagged
    villages in the accent colour, each bar labelled with its largest item's share.

    `table` is the frame of `concentration.village_concentration`.
    """
    figure = go.Figure()
    flagged = table["dominance"] != "none"
    for name, mask, color in (
        ("flagged", flagged, theme.ACCENT),
        ("not_flagged", ~flagged, NEUTRAL_COLOR),
    ):
        rows = table[mask]
        if rows.empty:
            continue
        hovers = [
            text(
                "industry.concentration.hover",
                lang,
                index=f"{row.herfindahl:.2f}",
                effective=f"{row.effective_items:.1f}",
                item=item_label(row.top_item, lang),
                share=format_share(row.top_share),
            )
            for row in rows.itertuples(index=False)
        ]
        labels = [
            text(
                "industry.concentration.bar_text",
                lang,
                index=f"{row.herfindahl:.2f}",
                item=item_label(row.top_item, lang),
                share=format_share(row.top_share),
            )
            for row in rows.itertuples(index=False)
        ]
        horizontal_bar(
            figure,
            list(rows["village_name"]),
            [round(float(v), 4) for v in rows["herfindahl"]],
            (text(f"industry.trace.{name}", lang), color),
            labels,
            "%{y}: %{customdata}<extra></extra>",
            customdata=hovers,
        )
    figure.update_layout(
        barmode="overlay",
        xaxis={
            "title": text("industry.axis.herfindahl", lang),
            "range": [0, 1],
            "tickformat": ".1f",
        },
        yaxis={
            "tickformat": "",
            "automargin": True,
            "categoryorder": "array",
            "categoryarray": list(table["village_name"])[::-1],
        },
        height=max(320, BAR_HEIGHT * len(table) + 140),
        margin={"t": 60},
    )
    return theme.apply(figure)


def program_bars_figure(
    frame: pd.DataFrame,
    categories: list[str],
    measure: str,
    lang: str,
    *,
    label_programs: bool = True,
) -> go.Figure:
    """Grouped bars per category (a year, a half-year, a batch): planting, breeding and both.

    `frame` is one of the by-period queries, with `program` ('all' for both) and the measure,
    and `categories` is the label of each row's category, in the frame's order. Bars are
    grouped, not stacked: the total's households are distinct and not the programs' sum.
    With many categories, `label_programs=False` writes numbers on the totals only (the
    programs' stay on hover), so labels do not run into each other.
    """
    _check_measure(measure)
    labelled = frame.assign(_category=categories)
    order = list(dict.fromkeys(categories))
    figure = go.Figure()
    for program in (*PROGRAMS, ALL):
        rows = labelled[labelled["program"] == program]
        if rows.empty:
            continue
        values, hidden = bar_values(rows[measure])
        labels = [hidden_label(value) for value in rows[measure]]
        figure.add_bar(
            x=list(rows["_category"]),
            y=values,
            name=program_label(program, lang),
            marker_color=theme.PROGRAM_COLORS.get(program, TOTAL_COLOR),
            text=[
                label if small else (format_count(v) if label_programs or program == ALL else "")
                for v, small, label in zip(values, hidden, labels, strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{fullData.name}: "
            + _hover(measure, lang, "%{y:,.0f}")
            + "<extra></extra>",
        )
    figure.update_layout(
        barmode="group",
        xaxis={"type": "category", "categoryorder": "array", "categoryarray": order},
        yaxis={
            "title": {"text": text(f"industry.axis.{measure}", lang), "standoff": 12},
            "rangemode": "tozero",
            "automargin": True,
        },
        hovermode="x unified",
        uniformtext={"minsize": 11, "mode": "show"},
        margin={"t": 70},
    )
    return theme.apply(figure)


def by_year_figure(frame: pd.DataFrame, measure: str, lang: str) -> go.Figure:
    """`queries/industry_by_year.sql` as grouped bars per year."""
    return program_bars_figure(frame, [str(int(y)) for y in frame["paid_year"]], measure, lang)


def by_half_year_figure(frame: pd.DataFrame, measure: str, lang: str) -> go.Figure:
    """`queries/industry_by_half_year.sql` as grouped bars per half-year."""
    labels = [
        half_label(year, half, lang)
        for year, half in zip(frame["paid_year"], frame["half"], strict=True)
    ]
    return program_bars_figure(frame, labels, measure, lang)


def by_batch_figure(frame: pd.DataFrame, measure: str, lang: str) -> go.Figure:
    """`queries/industry_by_batch.sql` as grouped bars per batch, in the order first paid."""
    labels = [batch_label(batch, lang) for batch in frame["batch"]]
    many = len(set(labels)) > BATCHES_LABELLED_IN_FULL
    figure = program_bars_figure(frame, labels, measure, lang, label_programs=not many)
    figure.update_xaxes(automargin=True)
    return figure


def reach_share_figure(reach: pd.DataFrame, lang: str) -> go.Figure:
    """Grouped horizontal bars per village: the share of its not-exited households reached, and
    of all its registered households. `reach` is `queries/industry_reach_by_village.sql`."""
    figure = go.Figure()
    for name, column, color in (
        ("reached_not_exited", "reached_share_of_not_exited", theme.STATUS_COLORS["not_exited"]),
        ("reached_registered", "reached_share_of_registered", TOTAL_COLOR),
    ):
        cells = list(reach[column])
        values = [None if is_hidden(v) or _missing(v) else float(v) for v in cells]
        labels = [
            c if is_hidden(c) else (format_share(v) if v is not None else "")
            for v, c in zip(values, cells, strict=True)
        ]
        horizontal_bar(
            figure,
            list(reach["village_name"]),
            values,
            (text(f"industry.trace.{name}", lang), color),
            labels,
            "%{y} · %{fullData.name}: %{x:.0%}<extra></extra>",
        )
    figure.update_layout(
        barmode="group",
        xaxis={
            "title": text("industry.axis.coverage", lang),
            "tickformat": ".0%",
            "range": [0, 1.1],
        },
        yaxis={"tickformat": "", "automargin": True, "autorange": "reversed"},
        height=max(360, 2 * 22 * len(reach) + 140),
        margin={"t": 60},
    )
    return theme.apply(figure)


def reach_yuan_figure(reach: pd.DataFrame, lang: str) -> go.Figure:
    """Horizontal bars of yuan per household reached, per village (query order)."""
    cells = list(reach["yuan_per_reached_household"])
    values = [None if is_hidden(v) or _missing(v) else float(v) for v in cells]
    figure = go.Figure(
        go.Bar(
            y=list(reach["village_name"]),
            x=values,
            orientation="h",
            name=text("industry.trace.yuan_per_household", lang),
            marker_color=TOTAL_COLOR,
            text=[
                c if is_hidden(c) else (format_count(round(v)) if v is not None else "")
                for v, c in zip(values, cells, strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: " + _hover("yuan", lang, "%{x:,.0f}") + "<extra></extra>",
        )
    )
    figure.update_layout(
        xaxis={"title": text("industry.axis.yuan_per_household", lang), "tickformat": ",d"},
        yaxis={"tickformat": "", "automargin": True, "autorange": "reversed"},
        height=max(360, 2 * 22 * len(reach) + 140),
        margin={"t": 60, "r": 56},
        showlegend=False,
    )
    return theme.apply(figure)


# ------------------------------------------------------------------ tables


def table_for_download(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The frame as a reader wants it under a chart: labels for codes, columns in `lang`,
    shares as percentages with one decimal, yuan ratios rounded to the yuan."""
    shown = frame.copy()
    if "program" in shown.columns:
        shown["program"] = [program_label(code, lang) for code in shown["program"]]
    for column in ("item", "top_item", "second_item"):
        if column in shown.columns:
            shown[column] = [
                None if column == "second_item" and _missing(v) else item_label(v, lang)
                for v in shown[column]
            ]
    if "batch" in shown.columns:
        shown["batch"] = [batch_label(batch, lang) for batch in shown["batch"]]
    if "half" in shown.columns:
        shown["half"] = [
            half_label(year, half, lang)
            for year, half in zip(shown["paid_year"], shown["half"], strict=True)
        ]
    if "dominance" in shown.columns:
        shown["dominance"] = [
            text(f"industry.dominance_code.{v}", lang) for v in shown["dominance"]
        ]
    for column in shown.columns:
        if column.endswith("_share") or "_share_" in column:
            shown[column] = [
                v if is_hidden(v) else (None if _missing(v) else round(float(v) * 100, 1))
                for v in shown[column]
            ]
        elif column.startswith("yuan_per_"):
            shown[column] = [
                v if is_hidden(v) else (None if _missing(v) else round(float(v)))
                for v in shown[column]
            ]
    for column in ("herfindahl", "effective_items"):
        if column in shown.columns:
            shown[column] = [round(float(v), 3) for v in shown[column]]
    names = {column: text(f"industry.column.{column}", lang) for column in shown.columns}
    if "half" in names:
        names["half"] = text("industry.column.period", lang)
    return shown.rename(columns=names)
