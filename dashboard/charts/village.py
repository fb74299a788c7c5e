"""Builders of the village map page (村情地图): the measures, the profile's charts and tables.

Pure functions, no Streamlit: each takes the frame of one query in `queries/` (named in its
docstring) and the language, and returns a Plotly figure, a table ready to show and download
(columns named in the reader's language, codes as labels), or a sentence. Words come from
`dashboard/locales/map.toml`, code labels from the reference table.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go

from dashboard import theme
from dashboard.access.small_counts import as_number, hidden_label, is_hidden
from dashboard.charts.map import village_map
from dashboard.charts.tables import readable_cells
from dashboard.formatting import format_count, format_yuan, format_yuan_compact
from dashboard.geo import BoundaryResult
from dashboard.i18n import text
from dashboard.measures.rules import VISIT_WINDOW_DAYS  # not seen by its own helper this long
from dashboard.reference import code_label
from dashboard.snapshots import is_lacking, lacking, not_in_source_label


@dataclass(frozen=True)
class Measure:
    """One colouring of the map: the column of `village_measures` and how to write its values.

    `kind` is "count" (户), "share" (a fraction shown in per cent) or "yuan".
    `map_format` is the d3/Python format of the legend's class limits.
    """

    column: str
    kind: str
    map_format: str


MEASURES: dict[str, Measure] = {
    "not_exited": Measure("not_exited_households", "count", ",.0f"),
    "incidence": Measure("incidence", "share", ".2%"),
    "exited_share": Measure("exited_share", "share", ".0%"),
    "yuan_per_household": Measure("yuan_per_household", "yuan", ",.0f"),
    "visit_coverage": Measure("visit_coverage", "share", ".0%"),
}
DEFAULT_MEASURE = "not_exited"

# Reference-table (table, column) of each coded column, so tables show 未脱贫 / Not exited.
CODED_COLUMNS = {
    "kind": ("villages", "kind"),
    "attribute": ("households", "attribute"),
    "main_cause": ("households", "main_cause"),
    "status": ("households", "status"),
    "level": ("helpers", "level"),
    "program": ("payments", "program"),
    "category": ("village_projects", "category"),
}
SHARE_COLUMNS = ("incidence", "exited_share", "visit_coverage")  # fractions, shown as per cent
SHARE_DECIMALS = 2


def measure_map(
    boundaries: gpd.GeoDataFrame,
    values: pd.DataFrame,
    measure: str,
    lang: str,
    *,
    water: gpd.GeoDataFrame | None,
    **options: object,
) -> go.Figure:
    """The map page's map: `values` (rows of `village_measures` or `unit_measures`) coloured by
    one of `MEASURES`, its legend above; `options` (height, highlight_code, label_limit) go to
    `charts.map.village_map`."""
    spec = MEASURES[measure]
    return village_map(
        boundaries,
        values,
        measure_column=spec.column,
        measure_label=measure_label(measure, lang),
        water=water,
        value_format=spec.map_format,
        labels=map_labels(measure, lang),
        legend_above=True,
        **options,
    )


def measure_label(measure: str, lang: str) -> str:
    """The measure's name, e.g. 贫困发生率 / Poverty incidence."""
    return text(f"map.measure.{measure}", lang)


def measure_help(measure: str, lang: str) -> str:
    """How the measure is computed, in one sentence."""
    return text(f"map.help.{measure}", lang, days=VISIT_WINDOW_DAYS)


def map_labels(measure: str, lang: str) -> dict[str, str]:
    """The words `charts.map.village_map` draws: legend title and the no-data entry."""
    return {
        "legend_title": text(f"map.legend.{measure}", lang, days=VISIT_WINDOW_DAYS),
        "no_data": text("map.no_data", lang),
    }


def format_measure(value: object, measure: str, lang: str) -> str:
    """A value of a measure as a reader writes it: `5 户`, `1.20%`, `8,058元` / `¥8,058`."""
    if value is None or pd.isna(value):
        return text("map.no_data", lang)
    kind = MEASURES[measure].kind
    if kind == "count":
        return text("map.value.households", lang, value=format_count(value))
    if kind == "share":
        return value if is_hidden(value) else f"{float(value):.{SHARE_DECIMALS}%}"
    return format_yuan(value, lang)


def without_geometry_sentence(units: list[dict], measure: str, lang: str) -> str | None:
    """`无边界的单位：女山湖航运公司 5 户，女山湖渔场 3 户`, or None when every unit is drawn.

    `units` as in `village_map(...).layout.meta["without_geometry"]`: dicts with
    village_name and value.
    """
    if not units:
        return None
    parts = [
        f"{unit['village_name'] or unit['village_code']} "
        f"{format_measure(unit['value'], measure, lang)}"
        for unit in units
    ]
    return text("map.without_geometry", lang, units=text("map.list_separator", lang).join(parts))


def unit_option(name: str, has_geometry: bool, lang: str) -> str:
    """A unit as the picker lists it; units the map cannot show say so."""
    return name if has_geometry else text("map.village.no_geometry_mark", lang, name=name)


def boundary_report(
    result: BoundaryResult, path: str, names: dict[str, str], lang: str
) -> list[str]:
    """The loader's findings as sentences: the file, units without a polygon, stray features.

    `names` maps village codes to names, so units are listed as 女山湖渔场（341182108401）.
    """
    lines = [
        text(
            "map.report.file",
            lang,
            path=path,
            crs=result.source_crs,
            column=result.matched_by,
        )
    ]
    if result.crs_assumed:
        lines.append(text("map.report.crs_assumed", lang))
    if result.encoding:
        lines.append(text("map.report.encoding", lang, encoding=result.encoding))
    separator = text("map.list_separator", lang)
    if result.villages_without_geometry:
        units = separator.join(
            f"{names.get(code, code)}（{code}）"
            if lang == "zh"
            else f"{names.get(code, code)} ({code})"
            for code in result.villages_without_geometry
        )
        lines.append(text("map.report.villages_without_geometry", lang, units=units))
    if result.unmatched_features:
        features = separator.join(result.unmatched_features)
        lines.append(text("map.report.unmatched_features", lang, features=features))
    else:
        lines.append(text("map.report.all_matched", lang))
    return lines + list(result.notes)


# --- tables ------------------------------------------------------------------------------------


def _table(
    frame: pd.DataFrame, columns: list[str], lang: str, renames: dict[str, str] | None = None
) -> pd.DataFrame:
    """`columns` of `frame`, codes as labels, shares in per cent, headers in the reader's language.

    `renames` maps a column to a message key other than `map.column.<column>`.
    """
    table = frame[columns].copy()
    unknown = lacking(frame)  # columns the snapshot's source did not carry (contract v1.2)
    for column in columns:
        cells = readable_cells(table[column], column, lang, unknown, CODED_COLUMNS)
        if cells is not None:
            table[column] = cells
        elif column in SHARE_COLUMNS:
            shares = (as_number(table[column]) * 100).round(SHARE_DECIMALS)
            table[column] = shares.where(~table[column].map(is_hidden), table[column])
    keys = {column: (renames or {}).get(column, f"map.column.{column}") for column in columns}
    return table.rename(columns={column: text(key, lang) for column, key in keys.items()})


def measures_table(measures: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every unit's measures and their parts (from `village_measures`)."""
    columns = [
        "village_code",
        "village_name",
        "kind",
        "population",
        "households",
        "people",
        "exited_households",
        "not_exited_households",
        "not_exited_people",
        "incidence",
        "exited_share",
        "yuan_received",
        "yuan_per_household",
        "visited_households",
        "visit_coverage",
    ]
    table = measures.copy()
    per_household = as_number(table["yuan_per_household"]).round(0)
    table["yuan_per_household"] = per_household.where(
        ~table["yuan_per_household"].map(is_hidden), table["yuan_per_household"]
    )
    return _table(table, columns, lang)


def groups_table(groups: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Households and people per 村民组 (from `village_groups`)."""
    columns = ["group_name", "households", "people", "not_exited_households", "not_exited_people"]
    return _table(groups, columns, lang)


def households_table(households: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The unit's households, names already masked by `village_households`."""
    columns = [
        "household_id",
        "group_name",
        "head_name",
        "people",
        "attribute",
        "main_cause",
        "status",
        "identified_year",
        "exit_year",
        "income_per_capita",
        "yuan_received",
        "last_visit",
    ]
    table = households.copy()
    table["exit_year"] = table["exit_year"].astype("Int64")  # 2017, not 2017.0
    return _table(table, columns, lang)


def helpers_table(helpers: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The unit's helpers, names already masked by `village_helpers`."""
    columns = [
        "helper_id",
        "helper_name",
        "unit",
        "level",
        "households",
        "not_exited_households",
        "last_visit",
    ]
    return _table(helpers, columns, lang)


def payments_table(payments: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Money received by program and year (from `village_payments`)."""
    columns = ["year", "program", "yuan", "households", "payments"]
    return _table(payments, columns, lang)


def projects_table(projects: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The unit's village-level projects (from `village_projects`)."""
    table = projects.copy()
    table["status"] = [
        code_label("village_projects", "status", code, lang) for code in table["status"]
    ]
    columns = ["project_id", "name", "category", "budget_yuan", "status", "year"]
    return _table(table, columns, lang, renames={"status": "map.column.project_status"})


# --- profile -----------------------------------------------------------------------------------


def profile_numbers(unit: pd.Series, lang: str) -> list[tuple[str, str, str | None]]:
    """The profile's headline numbers as (label, value, caption), from one `village_measures` row."""
    return [
        (text("map.kpi.households", lang), format_count(unit["households"]), None),
        (text("map.kpi.people", lang), format_count(unit["people"]), None),
        (
            text("map.kpi.not_exited", lang),
            format_count(unit["not_exited_households"]),
            text("map.kpi.not_exited_people", lang, value=format_count(unit["not_exited_people"])),
        ),
        (
            text("map.kpi.incidence", lang),
            format_measure(unit["incidence"], "incidence", lang),
            None,
        ),
        (
            text("map.kpi.yuan_received", lang),
            format_yuan_compact(unit["yuan_received"], lang),
            format_yuan(unit["yuan_received"], lang),
        ),
    ]


def groups_figure(groups: pd.DataFrame, lang: str) -> go.Figure:
    """Households per 村民组, stacked exited (green) under not exited (red), in group order.

    Registered households are exited or not exited (relapsed counts as not exited, removed
    ones are not registered), so the bar's height is the group's registered households.
    """
    pairs = list(zip(groups["households"], groups["not_exited_households"], strict=True))
    # A visitor's "<5" in either part leaves both unknown (one gives the other back).
    small = [is_hidden(total) or is_hidden(poor) for total, poor in pairs]
    exited = [
        None if hide else int(total) - int(poor)
        for (total, poor), hide in zip(pairs, small, strict=True)
    ]
    poor = [None if hide else int(poor) for (_total, poor), hide in zip(pairs, small, strict=True)]
    figure = go.Figure()
    for values, key, color in (
        (exited, "map.chart.groups_exited", theme.STATUS_COLORS["exited"]),
        (poor, "map.chart.groups_not_exited", theme.STATUS_COLORS["not_exited"]),
    ):
        figure.add_trace(
            go.Bar(
                x=[
                    not_in_source_label(lang) if name is None or pd.isna(name) else name
                    for name in groups["group_name"]
                ]
                if is_lacking(groups, "group_name")
                else list(groups["group_name"]),
                y=values,
                text=[
                    (hidden_label(poor) or hidden_label(total) or "<5") if hide else ""
                    for (total, poor), hide in zip(pairs, small, strict=True)
                ],
                name=text(key, lang),
                marker_color=color,
                hovertemplate="%{x} · %{fullData.name}: %{y:,d}<extra></extra>",
            )
        )
    figure.update_layout(
        barmode="stack",
        height=340,
        xaxis={"type": "category"},
        yaxis={"title": {"text": text("map.chart.groups_axis", lang)}},
    )
    return theme.apply(figure)


def payments_figure(payments: pd.DataFrame, lang: str) -> go.Figure:
    """Yuan received per year, stacked by program in the programs' own colours."""
    years = sorted({int(year) for year in payments["year"]})
    figure = go.Figure()
    for program, color in theme.PROGRAM_COLORS.items():
        rows = payments[payments["program"] == program]
        if rows.empty:
            continue
        by_year = dict(zip(rows["year"].astype(int), as_number(rows["yuan"]), strict=True))
        figure.add_trace(
            go.Bar(
                x=[str(year) for year in years],
                y=[by_year.get(year, 0.0) for year in years],
                name=code_label("payments", "program", program, lang),
                marker_color=color,
                hovertemplate="%{x} · %{fullData.name}: %{y:,.0f}<extra></extra>",
            )
        )
    figure.update_layout(
        barmode="stack",
        height=380,
        xaxis={"type": "category"},
        yaxis={"title": {"text": text("map.chart.payments_axis", lang)}, "tickformat": ",.0f"},
    )
    return theme.apply(figure)


def drawn_codes(boundaries) -> set[str]:
    """Codes of the units that have a polygon (boundaries: `BoundaryResult.gdf`)."""
    return {str(code) for code in boundaries["village_code"]}


def kind_label(kind: str, lang: str) -> str:
    """行政村 / Village, 渔场 / Fishery …"""
    return code_label("villages", "kind", kind, lang)
