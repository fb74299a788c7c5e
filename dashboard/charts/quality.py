"""Chart builders of the data-quality page (/quality, 疑点): frames in, figures and tables out.

Pure functions, no Streamlit. The frames are those of `dashboard/checks.py` (counts by rule,
by village, across snapshots, and the findings themselves); labels come from
`dashboard/locales/quality.toml`.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import theme
from dashboard.checks import SEVERITIES
from dashboard.formatting import format_count
from dashboard.i18n import text
from dashboard.reference import code_label

# Red must be fixed, amber must be checked: the overview's colours for "not exited" and
# "relapsed", so a reader's eye already knows them.
SEVERITY_COLORS = {
    "error": theme.STATUS_COLORS["not_exited"],
    "warning": theme.STATUS_COLORS["relapsed"],
}
ROW_HEIGHT = 26  # pixels per bar of a horizontal bar chart with one row per rule or village
MIN_HEIGHT = 260


def severity_label(severity: str, lang: str) -> str:
    """错误 / Error, 提示 / Warning."""
    return text(f"quality.severity.{severity}", lang)


def _finish(figure: go.Figure) -> go.Figure:
    figure.update_traces(textangle=0, cliponaxis=False, selector={"type": "bar"})
    return theme.apply(figure)


def rule_counts_figure(counts: pd.DataFrame, lang: str) -> go.Figure:
    """Findings per rule (rules with none left out), a bar each, red for errors, amber warnings.

    `counts` is `checks.counts_by_rule`'s frame.
    """
    shown = counts[counts["findings"] > 0].iloc[::-1]
    figure = go.Figure()
    for severity in SEVERITIES:
        own = shown[shown["severity"] == severity]
        figure.add_bar(
            name=severity_label(severity, lang),
            y=[
                f"{rule_id} {title}"
                for rule_id, title in zip(own["rule_id"], own["title"], strict=True)
            ],
            x=list(own["findings"]),
            orientation="h",
            marker_color=SEVERITY_COLORS[severity],
            text=[format_count(value) for value in own["findings"]],
            textposition="outside",
            hovertemplate="%{y}: %{x:,d}<extra></extra>",
        )
    figure.update_layout(
        height=max(MIN_HEIGHT, ROW_HEIGHT * len(shown) + 90),
        barmode="stack",
        xaxis_title=text("quality.axis.findings", lang),
        yaxis={
            "categoryorder": "array",
            "categoryarray": [
                f"{rule_id} {title}"
                for rule_id, title in zip(shown["rule_id"], shown["title"], strict=True)
            ],
        },
        margin={"l": 16},
    )
    figure.update_yaxes(automargin=True)
    return _finish(figure)


def village_counts_figure(by_village: pd.DataFrame, lang: str) -> go.Figure:
    """Findings per village, errors and warnings stacked; `checks.counts_by_village`'s frame."""
    frame = by_village.iloc[::-1]
    names = [
        name if isinstance(name, str) else text("quality.no_village", lang)
        for name in frame["village_name"]
    ]
    figure = go.Figure()
    for severity in SEVERITIES:
        figure.add_bar(
            name=severity_label(severity, lang),
            y=names,
            x=list(frame[severity]),
            orientation="h",
            marker_color=SEVERITY_COLORS[severity],
            text=[format_count(value) if value else "" for value in frame[severity]],
            textposition="inside",
            hovertemplate="%{y}: %{x:,d}<extra>%{fullData.name}</extra>",
        )
    figure.update_layout(
        height=max(MIN_HEIGHT, ROW_HEIGHT * len(frame) + 90),
        barmode="stack",
        xaxis_title=text("quality.axis.findings", lang),
    )
    figure.update_yaxes(automargin=True)
    return _finish(figure)


def trend_by_severity(trend: pd.DataFrame) -> pd.DataFrame:
    """Findings per snapshot and severity: snapshot_date, error, warning (from `checks.trend`)."""
    totals = trend.groupby(["snapshot_date", "severity"])["findings"].sum().unstack(fill_value=0)
    for severity in SEVERITIES:
        if severity not in totals.columns:
            totals[severity] = 0
    return totals[list(SEVERITIES)].reset_index()


def trend_figure(trend: pd.DataFrame, lang: str) -> go.Figure:
    """Errors and warnings found in each snapshot, a line each."""
    totals = trend_by_severity(trend)
    figure = go.Figure()
    for severity in SEVERITIES:
        figure.add_scatter(
            name=severity_label(severity, lang),
            x=[str(day) for day in totals["snapshot_date"]],
            y=list(totals[severity]),
            mode="lines+markers+text",
            line={"color": SEVERITY_COLORS[severity], "width": 3},
            text=[format_count(value) for value in totals[severity]],
            textposition="top center",
            hovertemplate="%{x}: %{y:,d}<extra>%{fullData.name}</extra>",
        )
    figure.update_traces(cliponaxis=False)  # the labels of the top points stay whole
    figure.update_layout(
        height=340,
        xaxis={"type": "category", "title": text("quality.axis.snapshot", lang)},
        yaxis={"title": text("quality.axis.findings", lang), "rangemode": "tozero"},
    )
    return _finish(figure)


def trend_table(trend: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The trend as a wide table: one row per rule, one column per snapshot."""
    wide = trend.pivot_table(
        index=["rule_id", "severity"], columns="snapshot_date", values="findings", aggfunc="sum"
    )
    wide.columns = [str(day) for day in wide.columns]
    wide = wide.reset_index()
    wide = wide.iloc[sorted(range(len(wide)), key=lambda i: int(wide["rule_id"].iloc[i][1:]))]
    wide["severity"] = [severity_label(value, lang) for value in wide["severity"]]
    return wide.rename(
        columns={
            "rule_id": text("quality.column.rule_id", lang),
            "severity": text("quality.column.severity", lang),
        }
    )


def rule_table(counts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The catalogue with its counts, columns named in the reader's language."""
    table = counts.copy()
    table["severity"] = [severity_label(value, lang) for value in table["severity"]]
    return table.rename(columns=_column_labels(lang))


def village_table(by_village: pd.DataFrame, lang: str) -> pd.DataFrame:
    """`checks.counts_by_village` for the reader: a name for findings without a village."""
    table = by_village.copy()
    table["village_name"] = [
        name if isinstance(name, str) else text("quality.no_village", lang)
        for name in table["village_name"]
    ]
    return table.rename(
        columns={
            **_column_labels(lang),
            "error": severity_label("error", lang),
            "warning": severity_label("warning", lang),
        }
    )


def findings_display(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Findings (from `checks.findings_table`) as the page lists them: labelled columns."""
    shown = table.copy()
    labels = {value: severity_label(value, lang) for value in shown["severity"].unique()}
    shown["severity"] = shown["severity"].map(labels)
    return shown.rename(columns=_column_labels(lang))


def _column_labels(lang: str) -> dict[str, str]:
    columns = (
        "rule_id",
        "severity",
        "title",
        "explanation",
        "findings",
        "households",
        "villages",
        "village_code",
        "village_name",
        "household_id",
        "person_id",
        "detail",
    )
    return {column: text(f"quality.column.{column}", lang) for column in columns}


IMPORT_WARNING_COLUMNS = ("file", "sheet", "row", "column", "value", "message")


def import_warnings_frame(source: dict, lang: str) -> pd.DataFrame:
    """The warnings kept in a snapshot manifest's `source` (an import's), as the page lists them.

    One row per warning: file, sheet, the row number Excel shows, the column as headed in the
    file, the value (personal values were masked when kept), the message in `lang`. Empty
    (with the same columns) for a demo snapshot, an import without warnings, or a manifest that
    kept only their count.
    """
    kept = source.get("warnings") if source.get("kind") == "import" else None
    rows = [
        {
            "file": warning.get("file") or "",
            "sheet": warning.get("sheet") or "",
            "row": warning.get("row"),
            "column": warning.get("column") or "",
            "value": warning.get("value") or "",
            "message": warning.get("message_en" if lang == "en" else "message_zh") or "",
        }
        for warning in (kept if isinstance(kept, list) else [])
    ]
    frame = pd.DataFrame(rows, columns=list(IMPORT_WARNING_COLUMNS))
    frame["row"] = frame["row"].astype("Int64")
    return frame.rename(
        columns={
            column: text(f"quality.import.column.{column}", lang)
            for column in IMPORT_WARNING_COLUMNS
        }
    )


def import_warnings_note(source: dict, lang: str) -> str:
    """One sentence on a snapshot's import warnings: none kept, how many, or why there are none."""
    if source.get("kind") != "import":
        return text("quality.import.not_imported", lang)
    kept = source.get("warnings")
    if not isinstance(kept, list):  # a manifest written before the warnings were kept
        total = int(kept or 0)
        if not total:
            return text("quality.import.none", lang)
        return text("quality.import.count_only", lang, total=format_count(total))
    total = int(source.get("warnings_total", len(kept)))
    if not total:
        return text("quality.import.none", lang)
    if len(kept) < total:
        return text(
            "quality.import.some", lang, total=format_count(total), kept=format_count(len(kept))
        )
    return text("quality.import.all", lang, total=format_count(total))


DEPARTMENT_COLUMNS = (
    "side",
    "department",
    "signal",
    "records",
    "people",
    "people_registered",
    "people_exited_or_monitored",
    "people_not_in_register",
    "latest",
)
NOT_IN_REGISTER_COLUMNS = (
    "id_number",
    "person_name",
    "department",
    "kind",
    "record_date",
    "amount_yuan",
    "detail",
)


def _department(code: str, lang: str) -> str:
    return code_label("department_records", "department", code, lang)


def department_table(by_signal: pd.DataFrame, lang: str) -> pd.DataFrame:
    """`department_records_by_signal.sql` for the reader: which side, department and signal in
    words; the counts of people matched to the register beside them."""
    table = by_signal.loc[:, list(DEPARTMENT_COLUMNS)].copy()
    table["side"] = [text(f"quality.department.side.{side}", lang) for side in table["side"]]
    table["department"] = [_department(code, lang) for code in table["department"]]
    table["signal"] = [text(f"quality.department.signal.{s}", lang) for s in table["signal"]]
    return table.rename(
        columns={c: text(f"quality.department.column.{c}", lang) for c in DEPARTMENT_COLUMNS}
    )


def not_in_register_table(records: pd.DataFrame, lang: str) -> pd.DataFrame:
    """`department_records_not_in_register.sql` for the reader (personal columns masked there)."""
    table = records.loc[:, list(NOT_IN_REGISTER_COLUMNS)].copy()
    table["department"] = [_department(code, lang) for code in table["department"]]
    return table.rename(
        columns={c: text(f"quality.department.column.{c}", lang) for c in NOT_IN_REGISTER_COLUMNS}
    )
