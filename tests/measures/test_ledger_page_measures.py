"""What the ledger page says besides its charts (`dashboard/measures/ledger.py`): the filters'
choices in words, the cards and the form's name, from hand-written values."""

from __future__ import annotations

import datetime as dt

from dashboard.ledger.store import CATEGORIES, STATUSES
from dashboard.measures import ledger as measures

CHOICES = {"village": {"341182100201": "大柳村"}, "helper": {"H001": "张**"}}


def test_the_filters_offer_all_first_and_name_each_choice():
    filters = {item.name: item for item in measures.filters(CHOICES, "zh")}
    assert list(filters) == ["village", "responsible", "category", "status", "state"]
    assert filters["village"].options == [measures.ANY, "341182100201"]
    assert filters["village"].label("341182100201") == "大柳村"
    assert filters["village"].label("341182100999") == "341182100999"  # a code with no name
    assert filters["responsible"].label("H001") == "张**"
    assert filters["category"].options == [measures.ANY, *CATEGORIES]
    assert filters["status"].options == [measures.ANY, *STATUSES]
    every = filters["village"].label(measures.ANY)
    assert every and filters["status"].label(measures.ANY) == every
    assert filters["state"].options[1:] == ["open", "overdue", "fixed_this_month"]
    english = {item.name: item for item in measures.filters(CHOICES, "en")}
    assert english["category"].label(CATEGORIES[0]) != filters["category"].label(CATEGORIES[0])


def test_a_filter_left_at_all_selects_nothing():
    chosen = {"village": "341182100201", "responsible": "", "category": "", "status": "open"}
    assert measures.selection({**chosen, "state": "overdue"}) == {
        "village_code": "341182100201",
        "responsible_id": None,
        "category": None,
        "status": "open",
        "state": "overdue",
    }


def test_cards_and_the_forms_name():
    counted = {"total": 12, "open": 5, "overdue": 2, "fixed_this_month": 1234}
    cards = measures.count_cards(counted, "zh")
    assert [card.value for card in cards] == ["12", "5", "2", "1,234"]
    assert len({card.label for card in cards}) == 4
    day = dt.date(2018, 6, 30)
    assert measures.form_file_name("大柳村", day) == "大柳村整改台账_2018-06-30.xlsx"
    assert "大柳村" in measures.form_title("大柳村", day, "zh")
