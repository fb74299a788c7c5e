"""What the comparison page (/compare) says besides its lists and chart: the period, its cards
and its tabs' labels. Pure functions over `queries/compare_households.sql` and
`queries/compare_members.sql` as `dashboard/charts/compare.py` counts and lists them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from dashboard.charts import compare as charts
from dashboard.formatting import format_count, format_date
from dashboard.i18n import text
from dashboard.measures.cards import Card

HOUSEHOLD_CARDS = ("new", "exited", "relapsed", "removed", "moved")


def period(chosen_from: str, chosen_to: str) -> tuple[dt.date, dt.date]:
    """The two snapshots' ISO dates as a period, the earlier first."""
    first, last = sorted((dt.date.fromisoformat(chosen_from), dt.date.fromisoformat(chosen_to)))
    return first, last


def period_heading(from_date: dt.date, to_date: dt.date, lang: str) -> str:
    """`2017年6月30日 → 2017年12月31日` as the page's heading says it."""
    dates = {"from_date": format_date(from_date, lang), "to_date": format_date(to_date, lang)}
    return text("compare.period", lang, **dates)


def file_suffix(from_date: dt.date, to_date: dt.date) -> str:
    """What every download's name ends with: `2017-06-30_2017-12-31`."""
    return f"{from_date.isoformat()}_{to_date.isoformat()}"


def cards(
    household_counts: Mapping[str, int | None],
    added: pd.DataFrame,
    removed: pd.DataFrame,
    lang: str,
) -> list[Card]:
    """Households new, exited, relapsed, removed and moved, then people added and removed."""
    counts = [(f"compare.metric.{kind}", household_counts[kind]) for kind in HOUSEHOLD_CARDS]
    counts += [("compare.metric.members_added", len(added))]
    counts += [("compare.metric.members_removed", len(removed))]
    return [Card(text(label, lang), format_count(value)) for label, value in counts]


def household_tabs(household_counts: Mapping[str, int | None], lang: str) -> list[str]:
    """One tab per list of changed households (`charts.HOUSEHOLD_LISTS`), with its count."""
    return [
        text(f"compare.tab.{kind}", lang, count=charts.count_label(household_counts[kind], lang))
        for kind in charts.HOUSEHOLD_LISTS
    ]


def member_tabs(added: pd.DataFrame, removed: pd.DataFrame, lang: str) -> list[str]:
    """The tabs of people added and removed, with their counts."""
    return [
        text("compare.tab.added", lang, count=len(added)),
        text("compare.tab.removed_members", lang, count=len(removed)),
    ]
