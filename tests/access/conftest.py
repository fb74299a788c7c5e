"""Fixtures of the access tests: a state store (SQLite in a temporary folder, and PostgreSQL),
and a clock tests move."""

from __future__ import annotations

import pytest

from dashboard.access.store import open_store

START = 1_780_000_000.0  # a fixed moment (2026-05-28 UTC); the clock moves only when told


class Clock:
    """A clock the tests move by hand: no test waits for real time to pass."""

    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, *, minutes: float = 0, hours: float = 0, days: float = 0) -> None:
        self.now += minutes * 60 + hours * 3600 + days * 86_400


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def instance(tmp_path, monkeypatch):
    """The app's instance folder (`$TUOPIN_INSTANCE`) in a temporary folder, opened as a store:
    accounts a test adds there are the ones the app under AppTest reads."""
    folder = tmp_path / "instance"
    monkeypatch.setenv("TUOPIN_INSTANCE", str(folder))
    return open_store(folder=folder)


@pytest.fixture
def store(tmp_path, state_backend):
    """A fresh store, once on SQLite and once on PostgreSQL (`state_backend`)."""
    return open_store(folder=tmp_path / "instance")
