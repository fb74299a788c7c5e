"""`Ledger.frame` reads the problems once per change: every session's overview reads the
whole ledger, twice a run. Each change shows at once; a caller's change never reaches the
frame kept for the others."""

from __future__ import annotations

import datetime as dt

import numpy as np

from dashboard.ledger.store import Ledger
from dashboard.state_store import open_state

DAY = dt.date(2018, 6, 30)


def _add(ledger: Ledger, description: str) -> int:
    return ledger.add(
        source="inspection", category="policy", description=description, found_date=DAY,
        actor="analyst",
    )  # fmt: skip


def _same_rows(first, second) -> bool:
    return np.shares_memory(first["problem_id"].to_numpy(), second["problem_id"].to_numpy())


def test_an_unchanged_ledger_is_read_once_and_every_change_shows_at_once(tmp_path, state_backend):
    ledger = Ledger(open_state(tmp_path / "instance"))
    first = _add(ledger, "教育补助未发放")
    before = ledger.frame()
    assert _same_rows(before, ledger.frame())  # nothing changed: the rows read before
    ledger.update(first, version=1, actor="helper-a", measures="补发", status="in_progress")
    changed = ledger.frame()
    assert not _same_rows(before, changed)
    assert changed.set_index("problem_id").loc[first, "status"] == "in_progress"
    second = _add(ledger, "危房未改造")
    assert ledger.frame()["problem_id"].tolist() == [first, second]
    # Another object on the same store (another server's, say) sees the same ledger.
    assert Ledger(open_state(tmp_path / "instance")).frame()["problem_id"].tolist() == [
        first,
        second,
    ]


def test_a_callers_change_does_not_reach_the_frame_kept(tmp_path, state_backend):
    ledger = Ledger(open_state(tmp_path / "instance"))
    _add(ledger, "教育补助未发放")
    mine = ledger.frame()
    mine.loc[0, "status"] = "verified"
    mine["extra"] = 1
    again = ledger.frame()
    assert again.loc[0, "status"] == "open" and "extra" not in again
