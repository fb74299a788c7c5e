"""What the overview (总览) says besides its chart: its cards (each headline number with its
change since the previous snapshot, this year's target and plan, the ledger's counts), why
households are not ready to exit, and the attention list's words, from
`queries/household_totals.sql` and `queries/exit_target_progress.sql`."""

from __future__ import annotations

import pandas as pd

from dashboard.access.small_counts import is_hidden, small_difference
from dashboard.formatting import format_count, format_share
from dashboard.i18n import text
from dashboard.measures.cards import Card, Link, counted, households_people
from dashboard.snapshots import is_lacking, not_in_source_label, shown_or_label

# Why a planned household does not yet meet the exit standard: columns of
# `exit_target_progress.sql`, in the order the sentence lists them (两不愁三保障 and income).
REASONS = (
    "income_below_line",
    "housing_unsafe",
    "water_unsafe",
    "someone_uninsured",
    "child_out_of_school",
)


def _known(value: object) -> bool:
    """A number to compute with: not missing, and not a visitor's "<5"."""
    return value is not None and not is_hidden(value) and not pd.isna(value)


def change(totals: pd.Series, before: pd.Series | None, field: str) -> int | str | None:
    """`field` now minus on the previous snapshot (None without a previous snapshot)."""
    if before is None or not _known(before[field]) or not _known(totals[field]):
        return None  # a change from or to "<5" would give the small count back
    return small_difference(int(totals[field] - before[field]), totals)


def incidence_change(totals: pd.Series, before: pd.Series | None) -> str | None:
    """The change of the incidence in percentage points (`-0.42 pp`), None when unknown."""
    if before is None or not _known(totals["incidence"]) or not _known(before["incidence"]):
        return None
    return f"{(totals['incidence'] - before['incidence']) * 100:+.2f} pp"


INCIDENCE_DECIMALS = 2  # the incidence's change in percentage points, as the card writes it


def incidence_delta(
    totals: pd.Series, before: pd.Series | None, lang: str
) -> dict[str, str | None]:
    """The incidence card's change, as `st.metric`'s delta, delta_color and delta_arrow.

    A fall is good news (green, down), a rise bad (red, up); a change that rounds to 0.00 pp
    is no change at all: "持平 / unchanged" in grey with no arrow, never a red "+0.00 pp".
    """
    change = incidence_change(totals, before)
    if change is None:
        return {"delta": None, "delta_color": "inverse", "delta_arrow": "auto"}
    points = round((totals["incidence"] - before["incidence"]) * 100, INCIDENCE_DECIMALS)
    if points == 0:
        return {
            "delta": text("overview.incidence_unchanged", lang),
            "delta_color": "off",
            "delta_arrow": "off",
        }
    return {"delta": change, "delta_color": "inverse", "delta_arrow": "auto"}


def target(progress: pd.Series) -> dict[str, int | str | None]:
    """This year's target and plan of `exit_target_progress.sql`'s row; None where unknown,
    "<5" where a visitor may not see it."""
    return {
        field: int(progress[field])
        if _known(progress[field])
        else (progress[field] if is_hidden(progress[field]) else None)
        for field in ("target_people", "target_households", "planned_households", "planned_people")
    }


def not_ready_reasons(progress: pd.Series, lang: str) -> list[str]:
    """`收入未达标 12 户`… for every reason some planned household is not ready, in order;
    a reason whose column the source did not carry is not counted (see `unknown_reasons`)."""
    return [
        text(f"overview.reason.{reason}", lang, count=format_count(progress[reason]))
        for reason in REASONS
        if not is_lacking(progress, reason)
        and (is_hidden(progress[reason]) or progress[reason] > 0)
    ]


def unknown_reasons(progress: pd.Series, lang: str) -> str | None:
    """`住房安全、饮水安全：来源未提供` for the tests of the exit standard the snapshot's source
    did not carry (contract v1.2), None when it carried them all."""
    unknown = [reason for reason in REASONS if is_lacking(progress, reason)]
    if not unknown:
        return None
    return text(
        "overview.reasons_not_in_source",
        lang,
        tests=text("overview.test_separator", lang).join(
            text(f"overview.test.{reason}", lang) for reason in unknown
        ),
        label=not_in_source_label(lang),
    )


# The headline cards, in order: (label key, field of household_totals.sql, unit key).
HEADLINES = (
    ("overview.registered_households", "registered_households", "unit.households"),
    ("overview.registered_people", "registered_people", "unit.people"),
    ("overview.exited", "exited_households", "unit.households"),
    ("overview.not_exited", "not_exited_households", "unit.households"),
)
# The ledger's cards and the filter each opens the ledger with (`/ledger?state=open`).
LEDGER_CARDS = ("open", "overdue", "fixed_this_month")


def headline_cards(totals: pd.Series, before: pd.Series | None, lang: str) -> list[Card]:
    """The four counts of `household_totals.sql` and the incidence, each with its change since
    the previous snapshot; a count of households has its people beneath it."""
    items = []
    for label, field, unit in HEADLINES:
        people = field.replace("households", "people")
        items.append(
            Card(
                text(label, lang),
                counted(totals[field], unit, lang),
                caption=households_people(totals[field], totals[people], lang)
                if people != field
                else None,
                delta=change(totals, before, field),
                delta_color="off",
            )
        )
    population = format_count(totals["rural_population"])
    items.append(
        Card(
            text("overview.incidence", lang),
            format_share(totals["incidence"], 2),  # a visitor's "<5" as is
            **incidence_delta(totals, before, lang),  # no arrow, no colour when unchanged
            help=text("overview.incidence_help", lang, population=population),
        )
    )
    return items


def target_cards(progress: pd.Series, year: int, area: str, lang: str) -> list[Card | str]:
    """This year's target (a sentence naming the viewer's `area` when there is none), its
    exits so far and its plan."""
    planned = target(progress)
    if planned["target_people"] is None:
        first: Card | str = text("overview.no_target", lang, year=year, area=area)
    else:
        first = Card(
            text("overview.target", lang),
            text("overview.target_value", lang, people=format_count(planned["target_people"])),
            caption=None
            if planned["target_households"] is None
            else text(
                "overview.target_households",
                lang,
                households=format_count(planned["target_households"]),
            ),
        )
    return [
        first,
        Card(
            text("overview.exited_this_year", lang),
            counted(progress["exited_households"], "unit.households", lang),
            caption=text("overview.exits_decided_at_year_end", lang),
        ),
        Card(
            text("overview.planned", lang),
            counted(progress["planned_households"], "unit.households", lang),
            caption=households_people(
                progress["planned_households"], progress["planned_people"], lang
            ),
        ),
    ]


def ready_cards(progress: pd.Series, line_year: int, line: object, lang: str) -> list[Card]:
    """The planned households that meet the exit standard already and those that do not yet
    ("来源未提供" where the source did not carry a test of it)."""
    return [
        Card(
            text("overview.ready", lang),
            shown_or_label(
                progress,
                "ready_households",
                counted(progress["ready_households"], "unit.households", lang),
                lang,
            ),
            help=text("overview.ready_help", lang, year=line_year, line=format_count(line)),
        ),
        Card(
            text("overview.not_ready", lang),
            shown_or_label(
                progress,
                "not_ready_households",
                counted(progress["not_ready_households"], "unit.households", lang),
                lang,
            ),
        ),
    ]


def reasons_sentence(progress: pd.Series, lang: str) -> str | None:
    """`尚未达标的原因：收入低于贫困线 12 户、…`, None when every planned household is ready."""
    reasons = not_ready_reasons(progress, lang)
    if not reasons:
        return None
    return text("overview.reasons", lang, reasons=text("attention.separator", lang).join(reasons))


def ledger_cards(counts: dict[str, int], lang: str) -> list[Card]:
    """Open, overdue and fixed this month (`dashboard/ledger/measures.py`'s `cards`), each
    linking to the ledger filtered so."""
    return [
        Card(
            text(f"ledger.card.{name}", lang),
            format_count(counts[name]),
            link=Link(
                "ledger",
                text(f"overview.ledger_link.{name}", lang),
                icon=":material/checklist:",
                query_params={"state": name},
            ),
        )
        for name in LEDGER_CARDS
    ]


def attention_texts(by_village: bool, level: str, days: int, lang: str) -> tuple[str, str]:
    """The attention list's heading and caption: villages on a town's page, else the units of
    the page's level (`level`: 乡镇, 县 …)."""
    if by_village:
        return (
            text("overview.attention_heading", lang),
            text("overview.attention_help", lang, days=days),
        )
    return (
        text("overview.attention_heading_units", lang, level=level),
        text("overview.attention_help_units", lang, days=days, level=level),
    )
