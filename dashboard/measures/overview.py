"""What the overview (总览) says besides its chart: each headline number's change since the
previous snapshot, this year's target and plan, and why households are not ready to exit,
from `queries/household_totals.sql` and `queries/exit_target_progress.sql`."""

from __future__ import annotations

import pandas as pd

from dashboard.access.small_counts import is_hidden, small_difference
from dashboard.formatting import format_count
from dashboard.i18n import text
from dashboard.snapshots import is_lacking, not_in_source_label

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
