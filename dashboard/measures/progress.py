"""What the exit-progress page (脱贫进度) says besides its charts: its cards, this year's target
and plan, and its sentences (exits by year, who remains, the target), from
`queries/household_totals.sql`, `queries/exit_targets_by_year.sql` and
`queries/exit_progress_by_year.sql`."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.access.small_counts import is_hidden
from dashboard.formatting import format_count, format_date
from dashboard.i18n import text
from dashboard.measures.cards import Card, households_people


def _value(value: object) -> int | str | None:
    """A whole count, None when missing, or a visitor's hidden label ("<5", "×") as it is."""
    if is_hidden(value):
        return value
    return None if value is None or pd.isna(value) else int(value)


def current_year_target(targets: pd.DataFrame) -> dict[str, int | None]:
    """This year's row of `queries/exit_targets_by_year.sql` (`is_current_year`).

    Targets are None when the year has none; planned exits are 0 when nobody is planned.

    >>> current_year_target(pd.DataFrame({"is_current_year": [False], "target_households": [3],
    ...     "target_people": [9], "planned_households": [1], "planned_people": [2]}))
    {'target_households': None, 'target_people': None, 'planned_households': 0, 'planned_people': 0}
    """
    current = targets[targets["is_current_year"].astype(bool)]
    row = current.iloc[0] if not current.empty else {}
    return {
        "target_households": _value(row.get("target_households")),
        "target_people": _value(row.get("target_people")),
        "planned_households": _value(row.get("planned_households")) or 0,
        "planned_people": _value(row.get("planned_people")) or 0,
    }


def exits_sentence(progress: pd.DataFrame, lang: str) -> str:
    """One sentence listing the exits of every year that had any, both households and people.

    >>> frame = pd.DataFrame({"exit_year": [2014], "exited_households": [1234],
    ...                       "exited_people": [2000]})
    >>> exits_sentence(frame, "zh")
    '各年脱贫：2014年 1,234 户 2,000 人。'
    """
    separator = "；" if lang == "zh" else "; "
    items = [
        text(
            "progress.exits_item",
            lang,
            year=int(row.exit_year),
            households=format_count(row.exited_households),
            people=format_count(row.exited_people),
        )
        for row in progress.itertuples(index=False)
        if is_hidden(row.exited_households) or row.exited_households > 0  # "<5" had some
    ]
    return text("progress.exits_sentence", lang, items=separator.join(items)) if items else ""


def _count(value: object, measure: str, lang: str) -> str:
    """A card's value: `1,234 户` in Chinese, `1,234` in English (the caption names the unit)."""
    return text(f"progress.card.{measure}", lang, value=format_count(value))


def key_cards(
    totals: pd.Series, current: dict[str, int | None], measure: str, year: int, lang: str
) -> list[Card]:
    """Exited so far, not yet exited, this year's target and plan, counted in `measure`
    (households or people) with both beneath each. `current` is `current_year_target`'s."""
    target = current[f"target_{measure}"]
    has_target = current["target_households"] is not None or current["target_people"] is not None
    return [
        Card(
            text("progress.metric.exited", lang),
            _count(totals[f"exited_{measure}"], measure, lang),
            caption=households_people(totals["exited_households"], totals["exited_people"], lang),
        ),
        Card(
            text("progress.metric.remaining", lang),
            _count(totals[f"not_exited_{measure}"], measure, lang),
            caption=households_people(
                totals["not_exited_households"], totals["not_exited_people"], lang
            ),
        ),
        Card(
            text("progress.metric.target", lang, year=year),
            _count(target, measure, lang)
            if target is not None
            else text("progress.metric.no_target", lang),
            caption=households_people(current["target_households"], current["target_people"], lang)
            if has_target
            else None,
        ),
        Card(
            text("progress.metric.planned", lang, year=year),
            _count(current[f"planned_{measure}"], measure, lang),
            caption=households_people(
                current["planned_households"], current["planned_people"], lang
            ),
        ),
    ]


def sentences(
    totals: pd.Series,
    progress: pd.DataFrame,
    current: dict[str, int | None],
    snapshot_date: dt.date,
    area: str,
    lang: str,
) -> list[str]:
    """The sentences under the cards: exits by year, who remains on `snapshot_date` (on a
    snapshot with households), and this year's target of `area` (the viewer's own, in words)
    against its plan (when it has one)."""
    said = [exits_sentence(progress, lang)]
    if totals["registered_households"] > 0:
        said.append(
            text(
                "progress.remaining_sentence",
                lang,
                date=format_date(snapshot_date, lang),
                households=format_count(totals["not_exited_households"]),
                people=format_count(totals["not_exited_people"]),
                relapsed=format_count(totals["relapsed_households"]),
            )
        )
    if current["target_households"] is not None or current["target_people"] is not None:
        said.append(
            text(
                "progress.target_sentence",
                lang,
                year=snapshot_date.year,
                area=area,
                households=format_count(current["target_households"]),
                people=format_count(current["target_people"]),
                planned_households=format_count(current["planned_households"]),
                planned_people=format_count(current["planned_people"]),
            )
        )
    return [sentence for sentence in said if sentence]


def units_heading(by_village: bool, level: str, lang: str) -> str:
    """The heatmap's heading: exits by village on a town's page, else by the page's units
    (`level`: 乡镇, 县 …)."""
    if by_village:
        return text("progress.section.villages", lang)
    return text("progress.section.units", lang, level=level)


def series_missing(series_totals: pd.DataFrame, flows: pd.DataFrame, lang: str) -> str | None:
    """Why there is no half-year series to draw (no snapshot's totals; a single snapshot, so
    no flow between two), or None when there is one."""
    if series_totals.empty:
        return text("progress.empty.series", lang)
    if flows.empty:
        return text("progress.single_snapshot", lang)
    return None
