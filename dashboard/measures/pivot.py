"""What the explorer (/explore) says besides its table and chart: its dimensions' names, a
filter's choices in words, the note under a subject, the total as a card and its files' name.
Pure functions over `dashboard/pivot_queries.py`'s allow-lists; the SQL is built there."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import pandas as pd

from dashboard import pivot_queries
from dashboard.formatting import format_count, format_yuan
from dashboard.i18n import text
from dashboard.measures.cards import Card

URL_KEYS = ("subject", "measure", "rows", "cols")  # and one `f_<dimension>` per filter
EVENT_SUBJECTS = ("payments", "loans", "visits")  # counted over a period, not on a day


def dimension_name(name: str | None, lang: str) -> str:
    """A dimension's label in the page's language (无 / None for no dimension)."""
    if name is None:
        return text("explore.no_dimension", lang)
    return text(f"explore.dimension.{name}", lang)


def column_choices(dimensions: Sequence[str], rows: str | None) -> list[str | None]:
    """What the columns may be: none, or another dimension than the rows (none without rows)."""
    return [None, *(name for name in dimensions if name != rows)] if rows else [None]


def filter_choices(
    dimension: str,
    values: pd.DataFrame,
    kept: Iterable[str],
    lang: str,
    not_in_source: frozenset[str] = frozenset(),
) -> tuple[list[str], dict[str, str]]:
    """A filter's values in order and their words: the snapshot's (`values`, a frame of
    `value` and `label` from `pivot_queries.values_sql`), and those `kept` from a link that this
    snapshot lacks, so a shared link's choice stays visible."""
    labels = {
        value: pivot_queries.value_label(dimension, value, label, lang, not_in_source)
        for value, label in zip(values["value"], values["label"], strict=True)
    }
    for value in kept:
        labels.setdefault(
            value, pivot_queries.value_label(dimension, value, None, lang, not_in_source)
        )
    ordered = sorted(labels, key=lambda value: pivot_queries.sort_key(dimension, value))
    return ordered, labels


def subject_note(spec: pivot_queries.PivotSpec, lang: str) -> str | None:
    """What the subject's numbers mean: ages on the snapshot's day, events over their dates."""
    if spec.subject == "members":
        return text("explore.ages_note", lang)
    if spec.subject in EVENT_SUBJECTS:
        return text("explore.events_note", lang)
    return None


def total_card(result: pivot_queries.PivotResult, lang: str) -> Card | None:
    """The grand total as a card when nothing is broken down (no rows); else None."""
    spec = result.spec
    if spec.rows:
        return None
    shown = (
        format_count(result.total)
        if spec.measure_spec().kind == "count"
        else format_yuan(result.total, lang)
    )
    return Card(text(f"explore.measure.{spec.measure}", lang), shown)


def file_stem(spec: pivot_queries.PivotSpec, snapshot_date: dt.date) -> str:
    """The downloads' name: `explore_members_people_2018-06-30`."""
    return f"explore_{spec.subject}_{spec.measure}_{snapshot_date.isoformat()}"


def is_view_parameter(name: str) -> bool:
    """Whether a URL parameter belongs to the explorer's view (rewritten on every run)."""
    return name in URL_KEYS or name.startswith(pivot_queries.FILTER_PREFIX)
