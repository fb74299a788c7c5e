"""The cards of `dashboard/ui/cards.py` in a real Streamlit script run (AppTest)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest


def two_cards() -> None:
    from dashboard.ui.cards import Card, cards

    cards(
        [
            Card("累计脱贫", "445 户", caption="445 户 · 1,001 人"),
            None,
            Card("未脱贫", "205 户"),
        ],
        query=["household_totals", "exit_targets_by_year"],
        lang="zh",
    )


def unnamed_cards() -> None:
    from dashboard.ui.cards import Card, cards

    cards([Card("项目", "12")], query=None, lang="zh", columns=4)


def test_cards_draw_their_numbers_and_name_their_queries():
    app = AppTest.from_function(two_cards).run()
    assert not app.exception
    assert [(m.label, m.value) for m in app.metric] == [
        ("累计脱贫", "445 户"),
        ("未脱贫", "205 户"),
    ]
    captions = [c.value for c in app.caption]
    assert captions[0] == "445 户 · 1,001 人"
    assert "`queries/household_totals.sql`" in captions[-1]
    assert "`queries/exit_targets_by_year.sql`" in captions[-1]
    assert len(app.columns) == 3  # the None keeps its column, empty


def test_cards_without_a_query_add_no_caption():
    app = AppTest.from_function(unnamed_cards).run()
    assert not app.exception
    assert [m.value for m in app.metric] == ["12"]
    assert not app.caption
    assert len(app.columns) == 4


def test_more_cards_than_columns_is_an_error():
    from dashboard.ui.cards import Card, cards

    with pytest.raises(ValueError, match="2 cards do not fit in 1 columns"):
        cards([Card("a", "1"), Card("b", "2")], query=None, lang="zh", columns=1)


def test_no_cards_is_an_error():
    from dashboard.ui.cards import cards

    with pytest.raises(ValueError, match="at least one card, or its columns"):
        cards([], query=None, lang="zh")


def cards_with_a_change_and_a_sentence() -> None:
    from dashboard.ui.cards import Card, cards

    cards(
        [
            Card("未脱贫", "205 户", delta=-45, delta_color="off"),
            "2018 年无脱贫目标",
            Card("贫困发生率", "1.22%", delta="-0.28 pp", delta_color="inverse", help="占比"),
        ],
        query=None,
        lang="zh",
    )


def test_a_card_draws_its_change_and_a_string_draws_a_sentence():
    app = AppTest.from_function(cards_with_a_change_and_a_sentence).run()
    assert not app.exception
    assert [(m.label, m.value, m.proto.delta) for m in app.metric] == [
        ("未脱贫", "205 户", "-45"),
        ("贫困发生率", "1.22%", "-0.28 pp"),
    ]
    assert [info.value for info in app.info] == ["2018 年无脱贫目标"]
    assert len(app.columns) == 3
