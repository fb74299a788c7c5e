"""The page blocks of `dashboard/ui/layout.py` and a section's note, good news and sentence
(`dashboard/ui/section.py`), in a real Streamlit script run (AppTest).

The scripts use the app's own messages (`industry.section.batches`, `monitoring.section.kinds`)
so `about=` is checked against the names the pages give their words.
"""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.ui.layout import Chart


def about_sections() -> None:
    import pandas as pd

    from dashboard.ui.layout import Chart, Sections

    show = Sections("industry", "en", words={"level": "towns"})
    rows = pd.DataFrame({"village_code": ["1"], "yuan": [12]})
    show(
        Chart("industry_by_batch", rows, about="batches", key="with_caption"),
        None,  # a section this view leaves out
    )
    kinds = Sections("monitoring", "en")
    kinds(Chart("monitoring_by_kind", rows, about="kinds"))  # the page has no caption for it


def good_news_and_sentences() -> None:
    import pandas as pd

    from dashboard.ui.layout import Chart, Sections

    show = Sections("helpers", "zh")
    empty = pd.DataFrame({"household_id": pd.Series([], dtype=str)})
    rows = pd.DataFrame({"household_id": ["H1", "H2"]})
    show(
        Chart(
            "helpers_missing_households",
            empty,
            note="规则说明",
            empty="无数据",
            done="每户都有帮扶人",
            sentence=lambda: 1 / 0,  # never made: there are no rows to speak of
            key="none_missing",
        ),
        Chart(
            "helpers_missing_households",
            rows,
            note="规则说明",
            caption="说明",
            sentence=lambda: ["第一句", "", "第二句"],
            key="two_missing",
        ),
    )


def columns_tabs_and_topics() -> None:
    import pandas as pd
    import streamlit as st

    from dashboard.ui.layout import Chart, Sections
    from dashboard.ui.section import topic

    show = Sections("industry", "zh")
    rows = pd.DataFrame({"village_code": ["1"], "yuan": [12]})
    show.side_by_side(
        Chart("industry_items", rows, key="left"), None, Chart("industry_items", rows, key="right")
    )
    show.in_tabs(["甲", "乙"], [Chart("industry_items", rows, key="a"), Chart("x", rows)])
    st.session_state["shown"] = topic("有数据", caption="说明", sentence=lambda: "一句")
    st.session_state["empty"] = show.topic("mix", nothing=True, empty="本期无补助")


def test_about_titles_and_captions_a_section_by_the_pages_words():
    app = AppTest.from_function(about_sections).run()
    assert not app.exception
    titles = [header.value for header in app.subheader]
    assert titles == ["By declaration batch (申报批次)", "By kind of object"]
    captions = [caption.value for caption in app.caption]
    assert "Batches in the order they were first paid." in captions
    # no message monitoring.kinds.caption: no caption drawn, and never the key itself
    assert not any("kinds.caption" in caption for caption in captions)


def test_good_news_replaces_empty_and_a_sentence_needs_rows():
    app = AppTest.from_function(good_news_and_sentences).run()
    assert not app.exception
    assert [success.value for success in app.success] == ["每户都有帮扶人"]
    assert not app.info  # the good news, not "无数据"
    assert [markdown.value for markdown in app.markdown] == ["第一句", "第二句"]
    captions = [caption.value for caption in app.caption]
    assert captions.count("规则说明") == 2  # a note is said with or without rows
    assert captions.index("说明") > captions.index("规则说明", 1)


def test_side_by_side_tabs_and_topics():
    app = AppTest.from_function(columns_tabs_and_topics).run()
    assert not app.exception
    thirds = [column for column in app.columns if abs(column.weight - 1 / 3) < 1e-9]
    assert [len(column.children) > 0 for column in thirds] == [True, False, True]  # None: empty
    assert [tab.label for tab in app.tabs] == ["甲", "乙"]
    assert app.session_state["shown"] is True
    assert app.session_state["empty"] is False
    assert [info.value for info in app.info] == ["本期无补助"]
    assert [header.value for header in app.subheader] == ["有数据", "种植与养殖：各品种"]


def test_a_section_of_several_queries_needs_its_own_key():
    frame = pd.DataFrame({"a": [1]})
    assert Chart("industry_items", frame).key == "industry_items"
    assert Chart(["a", "b"], frame, key="both").key == "both"
    with pytest.raises(ValueError, match="needs its own key"):
        _ = Chart(["a", "b"], frame).key
