"""What the monitoring page (防返贫监测) says besides its charts: its cards, from
`queries/monitoring_totals.sql`'s one row. Each card is a dict of `dashboard.ui.cards.Card`'s
fields (label, value, caption, help), so this layer needs nothing of the UI's."""

from __future__ import annotations

import pandas as pd

from dashboard.formatting import format_count, format_share
from dashboard.i18n import text
from dashboard.measures.cards import Card


def has_objects(totals: pd.DataFrame) -> bool:
    """Whether the snapshot holds any monitoring object in the viewer's rows."""
    return int(totals["households"].iloc[0]) > 0


def _households(value: object, lang: str) -> str:
    return text("monitoring.count.households", lang, value=format_count(value))


def _people(value: object, lang: str) -> str:
    return text("monitoring.count.people", lang, value=format_count(value))


def key_cards(totals: pd.DataFrame, lang: str) -> list[Card]:
    """Objects, open, eliminated with the elimination rate, identified and eliminated this year."""
    row = totals.iloc[0]
    return [
        Card(
            text("monitoring.metric.objects", lang),
            _households(row["households"], lang),
            caption=_people(row["people"], lang),
        ),
        Card(
            text("monitoring.metric.open", lang),
            _households(row["open_households"], lang),
            caption=_people(row["open_people"], lang),
        ),
        Card(
            text("monitoring.metric.eliminated", lang),
            _households(row["eliminated_households"], lang),
            caption=text(
                "monitoring.metric.rate", lang, rate=format_share(row["elimination_rate"])
            ),
            help=text("monitoring.metric.rate_help", lang),
        ),
        Card(
            text("monitoring.metric.this_year", lang),
            text(
                "monitoring.count.flows",
                lang,
                identified=format_count(row["identified_this_year"]),
                eliminated=format_count(row["eliminated_this_year"]),
            ),
        ),
    ]


def gap_cards(totals: pd.DataFrame, lang: str) -> list[Card]:
    """The gaps of the open objects: no measure; labour but no industry or employment measure;
    households identified again after an elimination."""
    row = totals.iloc[0]
    return [
        Card(
            text("monitoring.metric.without_measure", lang),
            _households(row["open_without_measure"], lang),
            help=text("monitoring.metric.without_measure_help", lang),
        ),
        Card(
            text("monitoring.metric.able_without_developmental", lang),
            _households(row["open_able_without_developmental"], lang),
            help=text("monitoring.metric.able_without_developmental_help", lang),
        ),
        Card(
            text("monitoring.metric.identified_again", lang),
            _households(row["identified_again"], lang),
            help=text("monitoring.metric.identified_again_help", lang),
        ),
    ]


def line_counties(lines: pd.DataFrame) -> dict[str, str]:
    """The counties of `monitoring_lines_in_use.sql` (code → name), in its order."""
    return dict(zip(lines["county_code"], lines["county_name"], strict=True))


def line_of(lines: pd.DataFrame, county_code: str, year: int) -> int | None:
    """The line (yuan) `monitoring_lines_in_use.sql` gives a county for a year; None if none."""
    found = lines[(lines["county_code"] == county_code) & (lines["year"] == year)]
    return None if found.empty else int(found["line_yuan"].iloc[0])


FIRST_LINE_YEAR = 2020  # the monitoring line's first year (国开发〔2020〕6号); the form's floor


def form_year(snapshot_date) -> int:
    """The year the line form offers first: the snapshot's, or the first year of the lines."""
    return max(snapshot_date.year, FIRST_LINE_YEAR)
