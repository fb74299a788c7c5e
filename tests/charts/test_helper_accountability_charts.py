"""The helper-accountability builders: small frames in, figures whose traces hold those numbers."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard import theme
from dashboard.charts import helper_accountability as charts
from dashboard.measures import helper_accountability as measures

ROSTER = pd.DataFrame(
    {
        "helper_id": ["H1", "H2", "H3", "H4", "C1"],
        "helper_name": ["张**", "李*", "王*", "赵*", "钱*"],
        "unit": ["市甲局", "镇乙办", "镇乙办", "市甲局", "甲村村委会"],
        "level": ["city", "town", "town", "city", "village"],
        "households": [6, 2, 0, 4, 8],
        "remaining_households": [2, 1, 0, 1, 3],
        "load_band": ["too_many", "too_few", "none", "within", None],
    }
)
BY_UNIT = pd.DataFrame(
    {
        "level": ["city", "town", "village"],
        "unit": ["市甲局", "镇乙办", "甲村村委会"],
        "helpers": [2, 7, 1],
        "households": [10, 2, 8],
        "remaining_households": [3, 1, 3],
    }
)
OVERDUE = pd.DataFrame(
    {
        "days": [30, 60, 90],
        "households": [10, 9, 8],
        "remaining_households": [3, 2, 1],
        "registered_households": [13, 13, 13],
    }
)
RECENCY_BINS = pd.DataFrame(  # queries/visits_recency_bins.sql over charts.RECENCY_BINS
    {
        "bin": [30, 60, 90, 180, 365, -1, -2],
        "remaining_households": [1, 1, 0, 0, 0, 0, 1],
        "exited_households": [1, 0, 0, 0, 0, 1, 0],
    }
)
RANKING = pd.DataFrame(
    {
        "rank": [1, 2, 3],
        "helper_id": ["H1", "H4", "H2"],
        "helper_name": ["张**", "赵*", "李*"],
        "unit": ["市甲局", "市甲局", "镇乙办"],
        "level": ["city", "city", "town"],
        "households": [6, 3, 2],
        "overdue_households": [5, 2, 1],
        "never_visited_households": [3, 1, 0],
        "days_since_last_visit": [10, None, 0],
        "longest_days_waiting": [121, 90, 365],
        "visits_in_window": [4, 2, 30],
        "visits_per_household_month": [0.05, 0.06, 1.25],
    }
)
MONTHLY = pd.DataFrame(  # queries/visits_by_level_month.sql: two city helpers, one contact
    {
        "month": [
            dt.date(2018, 5, 1),
            dt.date(2018, 5, 1),
            dt.date(2018, 6, 1),
            dt.date(2018, 6, 1),
        ],
        "level": ["city", "village", "city", "village"],
        "visits": [3, 5, 3, 4],
        "helpers": [2, 1, 2, 1],
        "visits_per_helper": [1.5, 5.0, 1.5, 4.0],
    }
)
VILLAGES = pd.DataFrame(
    {
        "village_code": ["V1", "V2"],
        "village_name": ["甲村", "乙村"],
        "registered_households": [7, 6],
        "remaining_households": [3, 2],
        "helpers": [1, 2],
        "village_contacts": [1, 1],
        "without_helper": [1, 1],
        "without_contact": [0, 1],
        "median_days_since_visit": [60.0, 52.5],
        "overdue_households": [6, 4],
        "overdue_remaining_households": [2, 1],
    }
)


def _trace(figure, name):
    return next(trace for trace in figure.data if trace.name == name)


def test_level_and_band_counts():
    assert measures.level_counts(ROSTER) == {"city": 2, "town": 2, "village": 1}
    assert measures.band_counts(ROSTER) == {"none": 1, "too_few": 1, "within": 1, "too_many": 1}
    missing = pd.DataFrame({"has_helper": [False, True, False], "has_village_contact": [True] * 3})
    assert measures.uncovered_counts(missing) == (2, 0)


@pytest.mark.parametrize(("lang", "city"), [("zh", "市级"), ("en", "City")])
def test_helpers_by_unit_figure(lang, city):
    figure = charts.helpers_by_unit_figure(BY_UNIT, lang)
    trace = _trace(figure, city)
    assert list(trace.y) == ["市甲局"] and list(trace.x) == [2]
    assert trace.marker.color == theme.LEVEL_COLORS["city"]
    # most helpers on top: the category order ends with the largest unit
    assert list(figure.layout.yaxis.categoryarray)[-1] == "镇乙办"


@pytest.mark.parametrize(
    ("lang", "title"), [("zh", "市镇帮扶责任人"), ("en", "City and town helpers")]
)
def test_load_distribution_figure(lang, title):
    figure = charts.load_distribution_figure(ROSTER, lang)
    responsible, contacts = figure.data
    assert responsible.name == title
    # loads 0..6 for city/town helpers: one helper with 0, 2, 4 and 6 households
    assert list(responsible.x) == [0, 1, 2, 3, 4, 5, 6]
    assert list(responsible.y) == [1, 0, 1, 0, 1, 0, 1]
    colors = list(responsible.marker.color)
    assert colors[0] == charts.LOAD_BAND_COLORS["none"]
    assert colors[2] == charts.LOAD_BAND_COLORS["too_few"]
    assert colors[4] == charts.LOAD_BAND_COLORS["within"]
    assert colors[6] == charts.LOAD_BAND_COLORS["too_many"]
    assert list(contacts.y)[8] == 1 and sum(contacts.y) == 1
    assert figure.layout.shapes[0].x0 == 2.5 and figure.layout.shapes[0].x1 == 5.5


@pytest.mark.parametrize(
    ("lang", "remaining", "window"),
    [("zh", "未脱贫", "30 天"), ("en", "Not yet exited", "30 days")],
)
def test_overdue_figure(lang, remaining, window):
    figure = charts.overdue_figure(OVERDUE, lang)
    trace = _trace(figure, remaining)
    assert list(trace.y) == [3, 2, 1]
    assert list(trace.x)[0] == window
    assert trace.marker.color == theme.STATUS_COLORS["not_exited"]
    exited = figure.data[1]
    assert list(exited.y) == [7, 7, 7]


def test_recency_figure():
    zh = charts.recency_figure(RECENCY_BINS, "zh")
    en = charts.recency_figure(RECENCY_BINS, "en")
    assert list(zh.data[0].x)[-1] == "从未" and list(en.data[0].x)[-1] == "Never"
    assert list(zh.data[0].x)[:2] == ["0–30", "31–60"] and list(zh.data[0].x)[-2] == ">365"
    assert list(zh.data[0].y) == [1, 1, 0, 0, 0, 0, 1]
    assert list(zh.data[1].y) == [1, 0, 0, 0, 0, 1, 0]


def test_visits_per_month():
    figure = charts.visits_per_month_figure(MONTHLY, "en")
    assert list(_trace(figure, "City").y) == [1.5, 1.5]
    assert list(_trace(figure, "Village").y) == [5.0, 4.0]
    assert _trace(charts.visits_per_month_figure(MONTHLY, "zh"), "村级")


def test_rate_histogram_and_sentence():
    figure = charts.rate_histogram_figure(RANKING, "zh")
    rare, regular = figure.data
    assert sum(rare.y) == 2 and sum(regular.y) == 1
    assert rare.marker.color == theme.STATUS_COLORS["not_exited"]
    assert measures.rare_visitors_sentence(RANKING, "zh").startswith(
        "**3 名市镇帮扶责任人中，有 2 人"
    )
    english = measures.rare_visitors_sentence(RANKING, "en")
    assert "2 of 3 city and town helpers" in english and "9 households" in english


@pytest.mark.parametrize(("lang", "level"), [("zh", "市级"), ("en", "City")])
def test_ranking_figure(lang, level):
    figure = charts.ranking_figure(RANKING, lang, 90)
    overdue, visited = figure.data
    # rank 1 is drawn on top: the last category of a horizontal bar chart
    assert list(overdue.y)[-1] == f"1. 张** · 市甲局 · {level}"
    assert list(overdue.x) == [1, 2, 5]
    assert list(visited.x) == [1, 1, 1]
    assert "90" in overdue.name


def test_village_figure():
    figure = charts.village_figure(VILLAGES, "zh", 30)
    remaining = figure.data[0]
    assert list(remaining.y) == ["乙村", "甲村"] and list(remaining.x) == [2, 3]
    overdue_remaining, overdue_exited = figure.data[3], figure.data[4]
    assert list(overdue_remaining.x) == [1, 2]
    assert list(overdue_exited.x) == [3, 4]
    titles = [annotation.text for annotation in figure.layout.annotations]
    assert "30 天未走访" in titles
    english = charts.village_figure(VILLAGES, "en", 30)
    assert "Not visited in 30 days" in [a.text for a in english.layout.annotations]


def test_table_for_download_labels_codes_and_columns():
    zh = charts.table_for_download(ROSTER, "zh")
    assert list(zh["层级"])[:2] == ["市级", "镇级"]
    assert list(zh["对照 3–5 户规定"])[:4] == ["超过 5 户", "不足 3 户", "无帮扶户", "3–5 户"]
    en = charts.table_for_download(ROSTER, "en")
    assert "Helper (masked)" in en.columns and list(en["Level"])[-1] == "Village"


def test_helpers_by_unit_draws_the_largest_units_of_a_county():
    units = [f"单位{number:03d}" for number in range(charts.UNITS_SHOWN + 10)]
    frame = pd.DataFrame(
        {
            "level": ["town"] * len(units),
            "unit": units,
            "helpers": list(range(1, len(units) + 1)),
            "households": [3] * len(units),
            "remaining_households": [1] * len(units),
        }
    )
    figure = charts.helpers_by_unit_figure(frame, "zh")
    drawn = set(figure.data[0].y)
    assert len(drawn) == charts.UNITS_SHOWN
    assert drawn == set(units[-charts.UNITS_SHOWN :])  # the units with most helpers
    assert f"共 {len(units)} 个" in figure.layout.title.text
