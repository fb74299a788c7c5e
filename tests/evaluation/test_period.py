"""Periods: how a half-year or a year is read, and which snapshots it closes on and compares to."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard.evaluation.period import (
    Period,
    PeriodError,
    available_periods,
    parse_period,
    resolve,
)
from dashboard.snapshots import SnapshotInfo


def snapshot(day: str) -> SnapshotInfo:
    return SnapshotInfo(dt.date.fromisoformat(day), Path("/nowhere") / day, {})


HALF_YEARS = [snapshot(d) for d in ("2016-12-31", "2017-06-30", "2017-12-31", "2018-06-30")]


@pytest.mark.parametrize(
    ("written", "year", "half", "start", "end"),
    [
        ("2018H1", 2018, 1, "2018-01-01", "2018-06-30"),
        ("2017h2", 2017, 2, "2017-07-01", "2017-12-31"),
        (" 2017 ", 2017, None, "2017-01-01", "2017-12-31"),
    ],
)
def test_parse_period(written, year, half, start, end):
    period = parse_period(written)
    assert (period.year, period.half) == (year, half)
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)


@pytest.mark.parametrize("written", ["2018H3", "18H1", "2018-06", "", "H1"])
def test_unreadable_periods_say_how_to_write_one(written):
    with pytest.raises(PeriodError) as raised:
        parse_period(written)
    assert "2018H1" in raised.value.message_zh and "2018H1" in raised.value.message_en


def test_labels_and_previous_periods():
    assert parse_period("2018H1").label("zh") == "2018年上半年"
    assert parse_period("2017H2").label("zh") == "2017年下半年"
    assert parse_period("2017").label("en") == "2017"
    assert Period(2018, 1).previous() == Period(2017, 2)
    assert Period(2017, 2).previous() == Period(2017, 1)
    assert Period(2017).previous() == Period(2016)


def test_complete_years_stop_before_an_unfinished_year():
    # The report of May 2018 counts "three years" of education aid as 2015-2017.
    assert Period(2018, 1).complete_years(3) == (2015, 2017)
    assert Period(2018, 2).complete_years(3) == (2016, 2018)
    assert Period(2017).complete_years(2) == (2016, 2017)


def test_resolve_half_year_and_year():
    first_half = resolve(Period(2018, 1), HALF_YEARS)
    assert first_half.closing.snapshot_date == dt.date(2018, 6, 30)
    assert first_half.comparison.snapshot_date == dt.date(2017, 12, 31)
    year = resolve(Period(2017), HALF_YEARS)
    assert year.closing.snapshot_date == dt.date(2017, 12, 31)
    assert year.comparison.snapshot_date == dt.date(2016, 12, 31)


def test_the_first_period_has_nothing_to_compare_with():
    assert resolve(Period(2016, 2), HALF_YEARS).comparison is None


def test_a_period_without_snapshot_lists_those_there_are():
    with pytest.raises(PeriodError) as raised:
        resolve(Period(2019, 1), HALF_YEARS)
    assert "2018H1" in raised.value.message_en


def test_available_periods_latest_first():
    codes = [p.code for p in available_periods(HALF_YEARS)]
    assert codes[:3] == ["2018H1", "2018", "2017H2"]
    assert set(codes) == {"2018H1", "2018", "2017H2", "2017H1", "2017", "2016H2", "2016"}
