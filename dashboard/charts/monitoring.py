"""Chart builders of the monitoring page (/monitoring, 防返贫监测): frames in, figures and tables out.

Pure functions, no Streamlit. The frames are those of `queries/monitoring_*.sql`,
`household_monitoring.sql` and `monitoring_lines_in_use.sql`; code labels come from
`data/reference/code_labels.csv`, other words from `dashboard/locales/monitoring.toml`.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import theme
from dashboard.formatting import format_count, format_date, format_share, format_yuan
from dashboard.i18n import text
from dashboard.reference import code_label

# Open objects ask for attention (the red of "not exited"); eliminated ones are done (green).
STATE_COLORS = {
    "open": theme.STATUS_COLORS["not_exited"],
    "eliminated": theme.STATUS_COLORS["exited"],
}
FLOW_COLORS = {
    "identified": theme.STATUS_COLORS["relapsed"],
    "eliminated": theme.STATUS_COLORS["exited"],
}
ROW_HEIGHT = 28  # pixels per bar of a horizontal bar chart
MIN_HEIGHT = 240


def object_type_label(code: str, lang: str) -> str:
    return code_label("monitoring", "object_type", code, lang)


def risk_label(code: object, lang: str) -> str:
    if not isinstance(code, str) or code == "unknown":
        return text("monitoring.risk.unknown", lang)
    return code_label("monitoring", "main_risk", code, lang)


def clue_label(clue: str, lang: str) -> str:
    return text(f"monitoring.clue.{clue}", lang)


def band_label(band: str, lang: str) -> str:
    return text(f"monitoring.band.{band}", lang)


def _finish(figure: go.Figure, rows: int | None = None) -> go.Figure:
    figure.update_traces(cliponaxis=False, selector={"type": "bar"})
    if rows is not None:
        figure.update_layout(height=max(MIN_HEIGHT, ROW_HEIGHT * rows + 100))
    return theme.apply(figure)


def _open_eliminated_bars(labels: list[str], frame: pd.DataFrame, lang: str) -> go.Figure:
    """Open and eliminated households stacked, one horizontal bar per label (first on top)."""
    figure = go.Figure()
    for state in ("open", "eliminated"):
        values = list(frame[f"{state}_households"])
        figure.add_bar(
            name=text(f"monitoring.state.{state}", lang),
            y=labels[::-1],
            x=values[::-1],
            orientation="h",
            marker_color=STATE_COLORS[state],
            text=[format_count(v) if v else "" for v in values[::-1]],
            textposition="inside",
            hovertemplate="%{y}: %{x:,d}<extra>%{fullData.name}</extra>",
        )
    figure.update_layout(barmode="stack", xaxis_title=text("monitoring.axis.households", lang))
    figure.update_yaxes(automargin=True)
    return _finish(figure, len(labels))


def kind_figure(by_kind: pd.DataFrame, lang: str) -> go.Figure:
    """Objects by kind (`monitoring_by_kind.sql`), open and eliminated stacked."""
    labels = [object_type_label(code, lang) for code in by_kind["object_type"]]
    return _open_eliminated_bars(labels, by_kind, lang)


def risk_figure(by_risk: pd.DataFrame, lang: str) -> go.Figure:
    """Objects by main risk (`monitoring_by_risk.sql`), open and eliminated stacked."""
    labels = [risk_label(code, lang) for code in by_risk["main_risk"]]
    return _open_eliminated_bars(labels, by_risk, lang)


def duration_figure(duration: pd.DataFrame, lang: str) -> go.Figure:
    """How long objects have been monitored (`monitoring_duration.sql`), bands top to bottom."""
    labels = [band_label(band, lang) for band in duration["band"]]
    return _open_eliminated_bars(labels, duration, lang)


def unit_figure(by_unit: pd.DataFrame, lang: str) -> go.Figure:
    """Open and eliminated objects of each unit one level down (`monitoring_by_unit.sql`)."""
    labels = [str(name) for name in by_unit["village_name"]]
    return _open_eliminated_bars(labels, by_unit, lang)


def month_figure(by_month: pd.DataFrame, lang: str) -> go.Figure:
    """Spells identified and eliminated per month (`monitoring_by_month.sql`), side by side."""
    figure = go.Figure()
    months = [month.isoformat() for month in by_month["month"]]
    for flow in ("identified", "eliminated"):
        figure.add_bar(
            name=text(f"monitoring.flow.{flow}", lang),
            x=months,
            y=list(by_month[flow]),
            marker_color=FLOW_COLORS[flow],
            hovertemplate="%{x|%Y-%m}: %{y:,d}<extra>%{fullData.name}</extra>",
        )
    figure.update_layout(
        barmode="group",
        height=340,
        xaxis={
            "type": "date",
            "tickformat": "%Y-%m",
            "dtick": "M6",
            "title": text("monitoring.axis.month", lang),
        },
        yaxis={"title": text("monitoring.axis.spells", lang), "rangemode": "tozero"},
    )
    return _finish(figure)


def clue_figure(counts: pd.DataFrame, lang: str) -> go.Figure:
    """Households named by each kind of clue (`monitoring_clue_counts.sql`), in its order, top down."""
    labels = [clue_label(clue, lang) for clue in counts["clue"]][::-1]
    values = list(counts["households"])[::-1]
    figure = go.Figure(
        go.Bar(
            y=labels,
            x=values,
            orientation="h",
            marker_color=FLOW_COLORS["identified"],
            text=[format_count(v) for v in values],
            textposition="outside",
            hovertemplate="%{y}: %{x:,d}<extra></extra>",
        )
    )
    figure.update_layout(xaxis_title=text("monitoring.axis.households", lang), showlegend=False)
    figure.update_yaxes(automargin=True)
    return _finish(figure, len(labels))


# ------------------------------------------------------------------ tables for readers
def _column(key: str, lang: str) -> str:
    return text(f"monitoring.column.{key}", lang)


def kind_table(by_kind: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            _column("object_type", lang): [
                object_type_label(c, lang) for c in by_kind["object_type"]
            ],
            _column("open_households", lang): by_kind["open_households"],
            _column("open_people", lang): by_kind["open_people"],
            _column("eliminated_households", lang): by_kind["eliminated_households"],
            _column("eliminated_people", lang): by_kind["eliminated_people"],
        }
    )


def risk_table(by_risk: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            _column("main_risk", lang): [risk_label(c, lang) for c in by_risk["main_risk"]],
            _column("open_households", lang): by_risk["open_households"],
            _column("eliminated_households", lang): by_risk["eliminated_households"],
        }
    )


def duration_table(duration: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            _column("band", lang): [band_label(b, lang) for b in duration["band"]],
            _column("open_households", lang): duration["open_households"],
            _column("eliminated_households", lang): duration["eliminated_households"],
        }
    )


def month_table(by_month: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            _column("month", lang): [f"{month:%Y-%m}" for month in by_month["month"]],
            _column("identified", lang): by_month["identified"],
            _column("eliminated", lang): by_month["eliminated"],
        }
    )


def unit_table(by_unit: pd.DataFrame, lang: str, level: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            level: by_unit["village_name"],
            _column("households", lang): by_unit["households"],
            _column("open_households", lang): by_unit["open_households"],
            _column("eliminated_households", lang): by_unit["eliminated_households"],
            _column("elimination_rate", lang): [
                format_share(v) for v in by_unit["elimination_rate"]
            ],
            _column("open_without_measure", lang): by_unit["open_without_measure"],
            _column("open_able_without_developmental", lang): by_unit[
                "open_able_without_developmental"
            ],
        }
    )


def clue_counts_table(counts: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            _column("clue", lang): [clue_label(c, lang) for c in counts["clue"]],
            _column("households", lang): counts["households"],
        }
    )


def _yes_no(value: object, lang: str) -> str:
    return text("monitoring.yes" if bool(value) else "monitoring.no", lang)


def _day(value: object, lang: str) -> str:
    return format_date(value, lang) if value is not None and pd.notna(value) else ""


def objects_table(objects: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The list of objects for a reader: labels for codes, dates, the two gaps as 是/否."""
    return pd.DataFrame(
        {
            _column("household_id", lang): objects["household_id"],
            _column("village", lang): objects["village_name"],
            _column("head_name", lang): objects["head_name"],
            _column("object_type", lang): [
                object_type_label(c, lang) for c in objects["object_type"]
            ],
            _column("main_risk", lang): [risk_label(c, lang) for c in objects["main_risk"]],
            _column("identified_date", lang): [_day(d, lang) for d in objects["identified_date"]],
            _column("state", lang): [
                text("monitoring.state.open" if o else "monitoring.state.eliminated", lang)
                for o in objects["is_open"]
            ],
            _column("eliminated_date", lang): [_day(d, lang) for d in objects["eliminated_date"]],
            _column("months_monitored", lang): objects["months_monitored"],
            _column("measures", lang): objects["measures"].fillna(""),
            _column("people", lang): objects["people"],
            _column("able_workers", lang): objects["able_workers"],
            _column("has_developmental", lang): [
                _yes_no(v, lang) for v in objects["has_developmental"]
            ],
            _column("spells", lang): objects["spells"],
        }
    )


def clue_reason(clue: pd.Series | object, lang: str) -> str:
    """The sentence that says why a household is on the visit list (one clue row)."""
    values = {
        "person": clue.person_name if isinstance(clue.person_name, str) else "",
        "amount": format_yuan(clue.amount_yuan, lang) if pd.notna(clue.amount_yuan) else "",
        "date": format_date(clue.record_date, lang) if pd.notna(clue.record_date) else "",
        "records": format_count(clue.records) if pd.notna(clue.records) else "",
        "income": format_yuan(clue.income_per_capita, lang)
        if pd.notna(clue.income_per_capita)
        else "",
        "line": format_yuan(clue.line_yuan, lang) if pd.notna(clue.line_yuan) else "",
        "year": int(clue.income_year) if pd.notna(clue.income_year) else "",
    }
    return text(f"monitoring.reason.{clue.clue}", lang, **values)


def clues_table(clues: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The visit list: household, village, head, the clue and its reason."""
    return pd.DataFrame(
        {
            _column("household_id", lang): clues["household_id"],
            _column("village", lang): clues["village_name"],
            _column("head_name", lang): clues["head_name"],
            _column("clue", lang): [clue_label(c, lang) for c in clues["clue"]],
            _column("reason", lang): [clue_reason(row, lang) for row in clues.itertuples()],
        }
    )


def history_table(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One household's spells (`household_monitoring.sql`) for its profile."""
    return pd.DataFrame(
        {
            _column("identified_date", lang): [_day(d, lang) for d in history["identified_date"]],
            _column("object_type", lang): [
                object_type_label(c, lang) for c in history["object_type"]
            ],
            _column("main_risk", lang): [risk_label(c, lang) for c in history["main_risk"]],
            _column("risk_types", lang): history["risk_types"].fillna(""),
            _column("measures", lang): history["measures"].fillna(""),
            _column("state", lang): [
                text("monitoring.state.open" if o else "monitoring.state.eliminated", lang)
                for o in history["is_open"]
            ],
            _column("eliminated_date", lang): [_day(d, lang) for d in history["eliminated_date"]],
            _column("months_monitored", lang): history["months_monitored"],
        }
    )


def lines_table(lines: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The monitoring line of each county by year, where it comes from and how binding it is."""
    return pd.DataFrame(
        {
            _column("county", lang): lines["county_name"],
            _column("year", lang): lines["year"],
            _column("line_yuan", lang): [format_yuan(v, lang) for v in lines["line_yuan"]],
            _column("from", lang): [
                text("monitoring.line.own", lang, year=year)
                if own
                else text(
                    "monitoring.line.from",
                    lang,
                    region=name or text("monitoring.line.national", lang),
                    year=year,
                )
                for name, year, own in zip(
                    lines["region_name"], lines["line_year"], lines["overridden"], strict=True
                )
            ],
            _column("basis", lang): [text(f"monitoring.basis.{b}", lang) for b in lines["basis"]],
            _column("own", lang): [_yes_no(v, lang) for v in lines["overridden"]],
            _column("source", lang): lines["source"],
        }
    )


def reference_table(reference: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The whole reference table of lines (`monitoring_line_reference.sql`)."""
    return pd.DataFrame(
        {
            _column("region", lang): [
                name or text("monitoring.line.national", lang) for name in reference["region_name"]
            ],
            _column("region_code", lang): reference["region_code"],
            _column("year", lang): reference["year"],
            _column("line_yuan", lang): [format_yuan(v, lang) for v in reference["line_yuan"]],
            _column("basis", lang): [
                text(f"monitoring.basis.{b}", lang) for b in reference["basis"]
            ],
            _column("own", lang): [_yes_no(v, lang) for v in reference["overridden"]],
            _column("source", lang): reference["source"],
        }
    )


def clue_problems(clues: pd.DataFrame, lang: str) -> list[dict[str, object]]:
    """The clues as the ledger takes them (`Ledger.add_clues`): household, village, clue and
    the sentence that says why, in the reader's language."""
    return [
        {
            "household_id": row.household_id,
            "village_code": row.village_code,
            "clue": row.clue,
            "description": f"{clue_label(row.clue, lang)}：{clue_reason(row, lang)}",
        }
        for row in clues.itertuples()
    ]
