"""What the comparison page says besides its lists (`dashboard/measures/compare.py`): the
period in order, the cards and the tabs' labels, from hand-written counts."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.charts import compare as charts
from dashboard.measures import compare as measures

COUNTS = {"new": 3, "exited": 99, "relapsed": 0, "removed": 1, "moved": 2}
COUNTS |= {"attribute": 0, "cause": None, "income": 4, "helper": 5}  # cause: not in the source


def test_the_period_is_put_in_order_and_names_the_files():
    first, last = dt.date(2017, 6, 30), dt.date(2017, 12, 31)
    assert measures.period("2017-12-31", "2017-06-30") == (first, last)
    assert measures.period("2017-06-30", "2017-12-31") == (first, last)
    assert measures.file_suffix(first, last) == "2017-06-30_2017-12-31"
    assert "2017" in measures.period_heading(first, last, "zh")


def test_cards_count_households_by_change_then_people():
    added, removed = pd.DataFrame({"person_id": ["a", "b"]}), pd.DataFrame({"person_id": []})
    cards = measures.cards(COUNTS, added, removed, "zh")
    assert len(cards) == 7
    assert cards[1].label == "脱贫户" and cards[1].value == "99"
    assert [card.value for card in cards[-2:]] == ["2", "0"]
    tabs = measures.member_tabs(added, removed, "en")
    assert tabs[0] == "Added 2" and tabs[1].endswith("0")


def test_a_tab_whose_change_is_unknown_says_so_instead_of_a_count():
    tabs = dict(zip(charts.HOUSEHOLD_LISTS, measures.household_tabs(COUNTS, "en"), strict=True))
    assert tabs["exited"] == "Exited 99"
    assert tabs["cause"].endswith(charts.count_label(None, "en"))
    assert not tabs["cause"].endswith("None")
