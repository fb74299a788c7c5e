"""What the industry-support page (产业扶持) says besides its charts: its periods, key numbers
and sentences, from the frames of `queries/industry_*.sql` and `dashboard/concentration.py`."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard import concentration
from dashboard.access.small_counts import is_hidden
from dashboard.charts.industry import (
    ALL,
    PROGRAMS,
    format_measure,
    format_share,
    item_label,
    program_label,
)
from dashboard.formatting import format_count, format_date, format_yuan
from dashboard.i18n import text
from dashboard.measures.cards import Card

# Report's window: "2017年以来…共475项". The default period starts there.
REPORT_PERIOD_START = dt.date(2017, 1, 1)


def default_period(snapshot_date: dt.date) -> tuple[dt.date, dt.date]:
    """The report's window, 2017-01-01 to the snapshot's date; a snapshot before 2017 starts
    its own year instead (an empty window helps nobody)."""
    start = REPORT_PERIOD_START
    if start > snapshot_date:
        start = dt.date(snapshot_date.year, 1, 1)
    return start, snapshot_date


def half_year_window(snapshot_date: dt.date) -> tuple[int, int, dt.date, dt.date]:
    """(year, half, first day, snapshot date): the half-year the snapshot falls in.

    >>> half_year_window(dt.date(2018, 6, 30))[:3]
    (2018, 1, datetime.date(2018, 1, 1))
    """
    half = 1 if snapshot_date.month <= 6 else 2
    start = dt.date(snapshot_date.year, 1 if half == 1 else 7, 1)
    return snapshot_date.year, half, start, snapshot_date


def totals_by_program(totals: pd.DataFrame) -> dict[str, dict[str, float]]:
    """`queries/industry_totals.sql` as {program or 'all': {projects, yuan, households}}."""

    def number(value, kind):  # a visitor's "<5" or "×" stays the label the formatters write
        return value if is_hidden(value) else kind(value)

    return {
        row.program: {
            "projects": number(row.projects, int),
            "yuan": number(row.yuan, float),
            "households": number(row.households, int),
        }
        for row in totals.itertuples(index=False)
    }


def _some(value) -> bool:
    """More than none: a number above 0, or a visitor's hidden label (it hides 1 or more)."""
    return is_hidden(value) or value > 0


def programs_sentence(totals: pd.DataFrame, lang: str) -> str:
    """其中特色养殖 220 项、361,070 元、195 户；特色种植 …; empty when nothing was paid.

    Breeding first, as the report lists it (the contract lists planting first).
    """
    by_program = totals_by_program(totals)
    separator = "；" if lang == "zh" else "; "
    items = [
        text(
            "industry.program_item",
            lang,
            program=program_label(program, lang),
            projects=format_count(by_program[program]["projects"]),
            yuan=format_count(by_program[program]["yuan"]),
            households=format_count(by_program[program]["households"]),
        )
        for program in reversed(PROGRAMS)
        if _some(by_program.get(program, {}).get("projects", 0))
    ]
    return text("industry.programs_sentence", lang, items=separator.join(items)) if items else ""


def dominance_sentences(table: pd.DataFrame, lang: str) -> list[str]:
    """`山东村：养鸡与花生占79%` for every flagged village of a concentration frame, in order."""
    sentences = []
    for row in table.itertuples(index=False):
        if row.dominance == "one":
            sentences.append(
                text(
                    "industry.dominance.one",
                    lang,
                    village=row.village_name,
                    item=item_label(row.top_item, lang),
                    share=format_share(row.top_share),
                )
            )
        elif row.dominance == "two":
            sentences.append(
                text(
                    "industry.dominance.two",
                    lang,
                    village=row.village_name,
                    first=item_label(row.top_item, lang),
                    second=item_label(row.second_item, lang),
                    share=format_share(row.top_two_share),
                )
            )
    return sentences


def period_numbers(totals: pd.DataFrame) -> dict[str, float]:
    """Projects, yuan and households of both programs together (the 'all' row), 0 when none."""
    return totals_by_program(totals).get(ALL, {"projects": 0, "yuan": 0.0, "households": 0})


def period_labels(lang: str) -> tuple[str, str]:
    """The two date pickers' labels: `发放期间 · 起` and `发放期间 · 止`."""
    return tuple(
        f"{text('industry.period', lang)} · {text(f'industry.period.{end}', lang)}"
        for end in ("from", "to")
    )


def period_sentence(start: dt.date, end: dt.date, lang: str, *, swapped: bool = False) -> str:
    """The period in words, or (`swapped`) that its dates were entered the other way round."""
    key = "industry.period.swapped" if swapped else "industry.period.sentence"
    return text(key, lang, start=format_date(start, lang), end=format_date(end, lang))


def key_cards(figures: dict[str, float], lang: str) -> list[Card]:
    """Projects, yuan (万元, with the exact yuan beneath when rounded) and households, from
    `period_numbers`."""
    yuan = format_yuan(figures["yuan"], lang)
    exact = text("industry.exact_yuan", lang, value=format_count(figures["yuan"]))
    return [
        Card(
            text("industry.metric.projects", lang),
            format_measure(figures["projects"], "projects", lang),
        ),
        # rounded to 万元: the exact sum beneath, as the report writes it
        Card(text("industry.metric.yuan", lang), yuan, caption=exact if "万" in yuan else None),
        Card(
            text("industry.metric.households", lang),
            format_measure(figures["households"], "households", lang),
        ),
    ]


def half_year_caption(start: dt.date, end: dt.date, lang: str) -> str:
    """`2018-01-01 至 2018-06-30`: the half-year the second row of cards counts."""
    return text(
        "industry.half_year.caption",
        lang,
        start=format_date(start, lang),
        end=format_date(end, lang),
    )


def concentration_caption(level: str, lang: str) -> str:
    """How a village's support is called concentrated: its shares of one and two items."""
    return text(
        "industry.concentration.caption",
        lang,
        level=level,
        one=format_share(concentration.DOMINANT_ITEM_SHARE),
        two=format_share(concentration.DOMINANT_PAIR_SHARE),
    )


def concentration_text(table: pd.DataFrame, level: str, lang: str) -> str:
    """The villages (units of `level`) whose support one or two items dominate, as a list,
    or the sentence that none is (`table` from `concentration.village_concentration`)."""
    flags = dominance_sentences(table, lang)
    if not flags:
        return text("industry.concentration.none_flagged", lang, level=level)
    return "\n".join(
        [text("industry.concentration.flags", lang, level=level), *(f"- {flag}" for flag in flags)]
    )
