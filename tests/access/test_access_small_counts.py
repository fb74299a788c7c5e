"""Small counts: household counts of 1 to 4 read "<5" for visitors."""

from __future__ import annotations

import pandas as pd

from dashboard.access.small_counts import hide_small_counts


def test_counts_of_one_to_four_households_read_less_than_five():
    frame = pd.DataFrame(
        {"village": ["a", "b", "c", "d"], "households": [0, 1, 4, 5], "people": [0, 3, 9, 12]}
    )
    hidden = hide_small_counts(frame)
    assert list(hidden["households"]) == [0, "<5", "<5", 5]
    assert list(hidden["people"]) == [0, 3, 9, 12]  # not a household count: left alone
    assert list(frame["households"]) == [0, 1, 4, 5]  # the original is not changed
