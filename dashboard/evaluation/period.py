"""A period of the evaluation: a half-year (`2018H1`) or a year (`2017`), and its snapshots.

The period closes on the latest snapshot dated inside it (normally the one on its last day) and
compares against the closing snapshot of the period before (the previous half-year or year).

>>> parse_period("2018H1").label("zh")
'2018年上半年'
>>> parse_period("2017").previous().code
'2016'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from dashboard.errors import TuopinError
from dashboard.snapshots import SnapshotInfo

PERIOD_PATTERN = re.compile(r"^(\d{4})(?:[Hh]([12]))?$")


class PeriodError(TuopinError):
    """A period that cannot be read, or that no snapshot of the data directory falls in."""


@dataclass(frozen=True, order=True)
class Period:
    """A calendar year (half None) or one half of it (1: Jan–Jun, 2: Jul–Dec)."""

    year: int
    half: int | None = None

    @property
    def code(self) -> str:
        return f"{self.year}H{self.half}" if self.half else str(self.year)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 7 if self.half == 2 else 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 6, 30) if self.half == 1 else dt.date(self.year, 12, 31)

    @property
    def year_start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    def previous(self) -> Period:
        """The half-year before a half-year, the year before a year."""
        if self.half is None:
            return Period(self.year - 1)
        return Period(self.year, 1) if self.half == 2 else Period(self.year - 1, 2)

    def complete_years(self, count: int) -> tuple[int, int]:
        """The last `count` whole calendar years that end on or before the period's end.

        The report's "三年教育补助" of May 2018 means 2015–2017: in a first half-year the
        running year is not yet whole, so the window stops at the year before.
        """
        last = self.year if self.end.month == 12 else self.year - 1
        return last - count + 1, last

    def label(self, lang: str = "zh") -> str:
        if lang == "zh":
            suffix = {None: "年", 1: "年上半年", 2: "年下半年"}[self.half]
            return f"{self.year}{suffix}"
        return {
            None: f"{self.year}",
            1: f"first half of {self.year}",
            2: f"second half of {self.year}",
        }[self.half]


def parse_period(text: str) -> Period:
    """`2018H1`, `2018h2` or `2017`; PeriodError otherwise."""
    match = PERIOD_PATTERN.match(str(text).strip())
    if not match:
        raise PeriodError(
            f"无法识别的讲评期间：{text!r}。请写成 2018H1（上半年）、2018H2（下半年）或 2017（全年）。",
            f"Cannot read the period {text!r}. Write 2018H1 (first half), 2018H2 (second half) "
            "or 2017 (whole year).",
        )
    year, half = int(match.group(1)), match.group(2)
    return Period(year, int(half) if half else None)


@dataclass(frozen=True)
class PeriodSnapshots:
    """The snapshot a period closes on, and the one it is compared against (None if none)."""

    period: Period
    closing: SnapshotInfo
    comparison: SnapshotInfo | None


def closing_snapshot(period: Period, snapshots: Sequence[SnapshotInfo]) -> SnapshotInfo | None:
    """The latest snapshot dated within the period, or None."""
    inside = [s for s in snapshots if period.start <= s.snapshot_date <= period.end]
    return max(inside, key=lambda s: s.snapshot_date) if inside else None


def resolve(period: Period, snapshots: Sequence[SnapshotInfo]) -> PeriodSnapshots:
    """The period's closing and comparison snapshots; PeriodError naming those there are."""
    closing = closing_snapshot(period, snapshots)
    if closing is None:
        periods = ", ".join(p.code for p in available_periods(snapshots)) or "—"
        raise PeriodError(
            f"{period.label('zh')}（{period.start} 至 {period.end}）内没有快照。"
            f"可选的讲评期间：{periods}。",
            f"No snapshot falls in {period.label('en')} ({period.start} to {period.end}). "
            f"Periods with a snapshot: {periods}.",
        )
    earlier = [s for s in snapshots if s.snapshot_date < period.start]
    comparison = closing_snapshot(period.previous(), snapshots) or (
        max(earlier, key=lambda s: s.snapshot_date) if earlier else None
    )
    return PeriodSnapshots(period, closing, comparison)


def available_periods(snapshots: Sequence[SnapshotInfo]) -> list[Period]:
    """Every half-year and year that holds a snapshot, latest closing first, half-years first."""
    periods: set[Period] = set()
    for info in snapshots:
        day = info.snapshot_date
        periods.add(Period(day.year, 1 if day.month <= 6 else 2))
        periods.add(Period(day.year))

    def closing_date(period: Period) -> dt.date:
        return closing_snapshot(period, snapshots).snapshot_date

    return sorted(periods, key=lambda p: (closing_date(p), p.half is not None), reverse=True)
