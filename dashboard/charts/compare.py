"""Builders of the snapshot comparison page (动态管理): lists, per-village totals, a chart.

Pure functions, no Streamlit: they take the frames of `queries/compare_households.sql`,
`compare_members.sql` and `compare_villages.sql` and the language, and return tables ready to
show and download (headers in the reader's language, codes as labels) or a Plotly figure.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import theme
from dashboard.charts.tables import readable_cells
from dashboard.i18n import text
from dashboard.snapshots import lacking, not_in_source_label

# Each household list: its flag column in compare_households, and the columns it shows.
HOUSEHOLD_LISTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "new": ("is_new", ("status_after", "attribute_after", "cause_after", "people_after")),
    "exited": ("is_exit", ("status_before", "exit_year", "people_after", "income_after")),
    "relapsed": ("is_relapse", ("status_before", "exit_year", "people_after", "income_after")),
    "removed": ("is_removal", ("status_before", "status_after", "people_before")),
    "moved": ("is_moved", ("village_name_before", "people_after")),
    "attribute": ("attribute_changed", ("attribute_before", "attribute_after")),
    "cause": ("cause_changed", ("cause_before", "cause_after")),
    "income": (
        "income_changed",
        (
            "income_year_before",
            "income_before",
            "income_year_after",
            "income_after",
            "income_change",
        ),
    ),
    "helper": ("helper_changed", ("helper_before", "helper_after")),
}
LEADING_COLUMNS = ("household_id", "village_name", "group_name", "head_name")
CODED = {
    "status_before": ("households", "status"),
    "status_after": ("households", "status"),
    "attribute_before": ("households", "attribute"),
    "attribute_after": ("households", "attribute"),
    "cause_before": ("households", "main_cause"),
    "cause_after": ("households", "main_cause"),
    "relation": ("members", "relation"),
    "sex": ("members", "sex"),
}
VILLAGE_FLOWS = {  # the flows charted per village, in the colours of the status they lead to
    "new_households": theme.STATUS_COLORS["not_exited"],
    "exits": theme.STATUS_COLORS["exited"],
    "relapses": theme.STATUS_COLORS["relapsed"],
    "removals": theme.STATUS_COLORS["removed"],
}


def _labelled(
    frame: pd.DataFrame,
    columns: list[str],
    lang: str,
    unknown: frozenset[str] = frozenset(),
) -> pd.DataFrame:
    """`columns` of `frame` as a reader reads them: codes as labels, headers in `lang`. A column
    in `unknown` (`snapshots.lacking`: its snapshot's source did not carry it) says
    "来源未提供 / not in the source" in its blank cells."""
    table = frame[columns].copy()
    for column in columns:
        cells = readable_cells(table[column], column, lang, unknown, CODED)
        if cells is not None:
            table[column] = cells
        elif column == "reason":
            table[column] = [text(f"compare.reason.{code}", lang) for code in table[column]]
        elif column in ("exit_year", "income_year_before", "income_year_after"):
            table[column] = table[column].astype("Int64")
    return table.rename(
        columns={column: text(f"compare.column.{column}", lang) for column in columns}
    )


def household_list(changes: pd.DataFrame, kind: str, lang: str) -> pd.DataFrame:
    """The households of one kind of change (`HOUSEHOLD_LISTS`), as a table."""
    flag, columns = HOUSEHOLD_LISTS[kind]
    rows = changes[changes[flag].eq(True)] if not changes.empty else changes
    return _labelled(rows, [*LEADING_COLUMNS, *columns], lang, lacking(changes))


def counts(changes: pd.DataFrame) -> dict[str, int | None]:
    """How many households each list holds; None for a list whose change rests on a column
    either snapshot's source did not carry (an attribute nobody recorded cannot have changed
    or stayed: unknown, not 0)."""
    unknown = lacking(changes)
    return {
        kind: None
        if flag in unknown
        else (int(changes[flag].eq(True).sum()) if not changes.empty else 0)
        for kind, (flag, _) in HOUSEHOLD_LISTS.items()
    }


def count_label(count: int | None, lang: str) -> str:
    """A list's count as its tab shows it: 12, or 来源未提供 when it is unknown."""
    return not_in_source_label(lang) if count is None else str(count)


def members_list(members: pd.DataFrame, change: str, lang: str) -> pd.DataFrame:
    """People added (`change="added"`) or removed, with the register's best guess at why."""
    rows = members[members["change"] == change]
    columns = [
        "person_id",
        "household_id",
        "village_name",
        "name",
        "relation",
        "sex",
        "age",
        "reason",
    ]
    return _labelled(rows, columns, lang)


def villages_table(
    villages: pd.DataFrame, lang: str, unit_label: str | None = None
) -> pd.DataFrame:
    """Per unit: registered and not-exited households before and after, and every flow.

    `unit_label` heads the units' column above a town (乡镇, 市 …); a town's says 村.
    """
    columns = [column for column in villages.columns if column != "village_code"]
    table = _labelled(villages, columns, lang)
    if unit_label is None:
        return table
    heading = unit_label if lang == "zh" else unit_label.capitalize()
    return table.rename(columns={text("compare.column.village_name", lang): heading})


def villages_figure(villages: pd.DataFrame, lang: str) -> go.Figure:
    """Grouped bars per unit: newly identified, exited, relapsed, removed households."""
    figure = go.Figure()
    for column, color in VILLAGE_FLOWS.items():
        figure.add_trace(
            go.Bar(
                x=list(villages["village_name"]),
                y=[int(value) for value in villages[column]],
                name=text(f"compare.column.{column}", lang),
                marker_color=color,
                hovertemplate="%{x} · %{fullData.name}: %{y:,d}<extra></extra>",
            )
        )
    figure.update_layout(
        barmode="group",
        height=380,
        xaxis={"type": "category"},
        yaxis={"title": {"text": text("compare.chart.households", lang)}},
    )
    return theme.apply(figure)
