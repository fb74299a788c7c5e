"""What the helper-accountability page (帮扶责任) says besides its charts: the key numbers of
the roster and of visits, the visit windows it offers, and its sentences, from the frames of
`queries/helpers_*.sql` and `queries/visits_*.sql`."""

from __future__ import annotations

import pandas as pd

from dashboard.formatting import format_count
from dashboard.i18n import text
from dashboard.measures.cards import Card
from dashboard.measures.rules import (
    MAX_HOUSEHOLDS_PER_HELPER,
    MIN_HOUSEHOLDS_PER_HELPER,
    VISIT_RATE_MONTHS,
    VISIT_WINDOW_DAYS,
)

__all__ = ["MAX_HOUSEHOLDS_PER_HELPER", "MIN_HOUSEHOLDS_PER_HELPER", "VISIT_RATE_MONTHS"]

# Visit windows the page offers (days); a household its own helper has not visited within the
# chosen one is "overdue". The definition's window (`visited_recently`, 90) by default: the
# overview's measure of a helper who stays away.
VISIT_WINDOWS = (30, 60, VISIT_WINDOW_DAYS)
DEFAULT_VISIT_WINDOW = VISIT_WINDOW_DAYS
# Fewer visits than once a year per household is work on paper only (流于形式), not 帮扶.
RARE_VISITS_PER_HOUSEHOLD_MONTH = 1 / 12
RANKING_BARS = 20  # helpers drawn in the ranking chart; the table under it holds them all
LEVELS = ("city", "town", "village")
RESPONSIBLE_LEVELS = ("city", "town")  # 帮扶责任人; village-level helpers are 村级联系人
LOAD_BANDS = ("none", "too_few", "within", "too_many")
# The 3–5 rule's bounds, as the page's texts name them ({low}–{high} 户).
RULE = {"low": MIN_HOUSEHOLDS_PER_HELPER, "high": MAX_HOUSEHOLDS_PER_HELPER}


def level_counts(roster: pd.DataFrame) -> dict[str, int]:
    """Helpers per level from `queries/helpers_households.sql`, every level present (0 if none).

    >>> level_counts(pd.DataFrame({"level": ["city", "town", "town"]}))
    {'city': 1, 'town': 2, 'village': 0}
    """
    counts = roster["level"].value_counts()
    return {level: int(counts.get(level, 0)) for level in LEVELS}


def band_counts(roster: pd.DataFrame) -> dict[str, int]:
    """City and town helpers per load band ('none', 'too_few', 'within', 'too_many')."""
    counts = roster["load_band"].dropna().value_counts()
    return {band: int(counts.get(band, 0)) for band in LOAD_BANDS}


def uncovered_counts(missing: pd.DataFrame) -> tuple[int, int]:
    """(households without a helper, without a village contact) of `helpers_missing_households`.

    >>> uncovered_counts(pd.DataFrame({"has_helper": [False, True],
    ...                                "has_village_contact": [False, False]}))
    (1, 2)
    """
    return int((~missing["has_helper"]).sum()), int((~missing["has_village_contact"]).sum())


def rare_visitors(ranking: pd.DataFrame) -> pd.DataFrame:
    """The helpers (rows of `helpers_visit_ranking`) below the rare-visit rate, rarest first."""
    rare = ranking[ranking["visits_per_household_month"] < RARE_VISITS_PER_HOUSEHOLD_MONTH]
    return rare.sort_values(["visits_per_household_month", "rank"], kind="stable")


def rare_visitors_sentence(ranking: pd.DataFrame, lang: str) -> str:
    """One sentence: how many city/town helpers visit less than once a year per household."""
    rare = rare_visitors(ranking)
    return text(
        "helpers.rare_sentence",
        lang,
        count=format_count(len(rare)),
        total=format_count(len(ranking)),
        households=format_count(int(rare["households"].sum())),
        months=VISIT_RATE_MONTHS,
    )


def responsible_count(levels: dict[str, int]) -> int:
    """City and town helpers (帮扶责任人) of `level_counts`: those the 3–5 rule binds."""
    return sum(levels.get(level, 0) for level in RESPONSIBLE_LEVELS)


def registered_households(overdue: pd.DataFrame) -> int:
    """Registered households of `queries/visits_overdue_counts.sql` (0 when it has no row)."""
    return 0 if overdue.empty else int(overdue["registered_households"].iloc[0])


def has_overdue(overdue: pd.DataFrame) -> bool:
    """Whether `queries/visits_overdue_counts.sql` finds a household overdue in any window (a
    helper who visits all his households draws no bar: the page says so in words instead)."""
    return not overdue.empty and int(overdue["households"].sum()) > 0


def has_visits(monthly: pd.DataFrame) -> bool:
    """Whether `queries/visits_by_level_month.sql` counts any visit at all."""
    return not monthly.empty and int(monthly["visits"].sum()) > 0


def has_registered_households(villages: pd.DataFrame) -> bool:
    """Whether `queries/visits_by_village.sql` has a village with a registered household."""
    return not villages.empty and int(villages["registered_households"].sum()) > 0


def own_units(villages: pd.DataFrame) -> pd.DataFrame:
    """The units of `queries/visits_by_village.sql` holding a registered household.

    A helper's rows are his own households: the query still lists every unit of his area, the
    others as rows of zeros that say nothing about him (issue 25), so his page keeps these.
    """
    if villages.empty:
        return villages
    return villages[villages["registered_households"] > 0].reset_index(drop=True)


def _households(value: object, lang: str) -> str:
    """`12 户` / `12 households`."""
    return text("helpers.count.households", lang, value=format_count(value))


def _helpers(value: object, lang: str) -> str:
    """`12 人` / `12 helpers`."""
    return text("helpers.count.helpers", lang, value=format_count(value))


def roster_cards(roster: pd.DataFrame, missing: pd.DataFrame, lang: str) -> list[Card]:
    """Responsible helpers (by level beneath), village contacts, helpers within the 3–5 rule
    (the others beneath) and households without a helper or a contact."""
    levels, bands = level_counts(roster), band_counts(roster)
    responsible = responsible_count(levels)
    without_helper, without_contact = uncovered_counts(missing)
    return [
        Card(
            text("helpers.metric.responsible", lang),
            _helpers(responsible, lang),
            caption=text("helpers.by_level", lang, city=levels["city"], town=levels["town"]),
        ),
        Card(text("helpers.metric.contacts", lang), _helpers(levels["village"], lang)),
        Card(
            text("helpers.metric.within_rule", lang, **RULE),
            _helpers(bands["within"], lang),
            caption=text(
                "helpers.within_caption",
                lang,
                total=format_count(responsible),
                too_many=bands["too_many"],
                too_few=bands["too_few"],
                none=bands["none"],
            ),
        ),
        Card(
            text("helpers.metric.uncovered", lang),
            _households(len(missing), lang),
            caption=text(
                "helpers.uncovered_caption", lang, helper=without_helper, contact=without_contact
            ),
        ),
    ]


def loads_sentence(roster: pd.DataFrame, lang: str) -> str | None:
    """How many responsible helpers hold 3–5 households, more, fewer or none (None without
    a roster)."""
    if roster.empty:
        return None
    bands = band_counts(roster)
    return text(
        "helpers.loads.sentence",
        lang,
        total=format_count(responsible_count(level_counts(roster))),
        within=format_count(bands["within"]),
        too_many=format_count(bands["too_many"]),
        too_few=format_count(bands["too_few"]),
        none=format_count(bands["none"]),
        **RULE,
    )


def uncovered_sentence(missing: pd.DataFrame, lang: str) -> str:
    """How many households lack a helper or a village contact, and of them how many each."""
    without_helper, without_contact = uncovered_counts(missing)
    return text(
        "helpers.uncovered.sentence",
        lang,
        count=format_count(len(missing)),
        helper=format_count(without_helper),
        contact=format_count(without_contact),
    )


def overdue_cards(overdue: pd.DataFrame, lang: str) -> list[Card]:
    """One card per visit window of `visits_overdue_counts`: the households not visited within
    it, those of them not exited beneath."""
    return [
        Card(
            text("helpers.metric.not_visited", lang, days=int(row.days)),
            _households(row.households, lang),
            caption=text(
                "helpers.not_visited_caption",
                lang,
                remaining=format_count(row.remaining_households),
            ),
        )
        for row in overdue.itertuples(index=False)
    ]


def recency_caption(
    recency: pd.DataFrame, list_limit: int | None, registered: int, lang: str
) -> str:
    """The household list's caption: the whole list, or (cut at `list_limit`) the households
    waiting longest of `registered`."""
    if list_limit is None or len(recency) < list_limit:
        return text("helpers.recency.list_caption", lang)
    return text(
        "helpers.recency.list_caption_longest",
        lang,
        shown=format_count(len(recency)),
        households=format_count(registered),
    )
