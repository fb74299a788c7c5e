"""A visitor's deck and slides: a hidden point ("<5", or "×" beside one) is labelled, not missing.

The evaluation of the demo's smallest village (10 registered households, 3 not exited) as a
visitor reads it (`Viewer(small_counts_hidden=True)`, the real queries over the real demo):
its native charts must say "<5" where they cannot draw a number (issue 25), and the page's
figures of the same slides the same.
"""

from __future__ import annotations

import datetime as dt
import functools
import io

import pytest
from pptx import Presentation

from dashboard.access.small_counts import HIDDEN_LABELS, SMALL_COUNT_LABEL
from dashboard.charts.evaluation import spec_figure
from dashboard.evaluation.deck import build_deck
from dashboard.evaluation.figures import compute
from dashboard.evaluation.period import parse_period, resolve
from dashboard.evaluation.slides import ChartSpec, Series, build_slides
from dashboard.viewer import Viewer
from tests.demo_facts import village_with_fewest_not_exited

LATEST = dt.date(2018, 6, 30)


@pytest.fixture(scope="module")
def smallest_village(demo_sql) -> tuple[str, int]:
    """The village with the fewest households not exited (more than 5 registered), read with
    plain DuckDB: (its code, that count)."""
    code, not_exited = village_with_fewest_not_exited(demo_sql, LATEST)
    assert 0 < not_exited < 5  # the case this test is about
    return code, not_exited


@pytest.fixture(scope="module")
def visitor_slides(demo_db, smallest_village):
    code, _ = smallest_village
    run = functools.partial(demo_db.run, viewer=Viewer(area=code, small_counts_hidden=True))
    figures = compute(run, resolve(parse_period("2018H1"), demo_db.snapshots), code)
    return build_slides(figures, "zh")


@pytest.fixture(scope="module")
def visitor_deck(visitor_slides):
    return Presentation(io.BytesIO(build_deck(visitor_slides)))


def deck_charts(deck):
    return [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]


def point_label(series, index: int) -> str | None:
    label = series.points[index].data_label
    return label.text_frame.text if label.has_text_frame else None


def test_the_headline_chart_labels_the_villages_few_not_exited(visitor_deck, visitor_slides):
    kpi = next(slide for slide in visitor_slides if slide.key == "kpi")
    (spec,) = kpi.charts
    remaining = spec.categories.index("未脱贫户")
    closing = spec.series[-1]
    assert closing.values[remaining] is None  # nothing to draw or sum …
    assert closing.hidden_at(remaining) == SMALL_COUNT_LABEL  # … and it says why
    (chart,) = [
        chart
        for chart in deck_charts(visitor_deck)
        if chart.chart_title.text_frame.text == spec.title
    ]
    series = chart.plots[0].series[-1]
    assert point_label(series, remaining) == SMALL_COUNT_LABEL
    assert list(series.values)[remaining] == 0  # a bar of no height, where the label stands
    # The point's own label must not switch off the numbers of the series' other bars.
    assert series.data_labels.show_value
    assert series.data_labels.number_format == spec.number_format


def test_every_hidden_point_of_every_chart_is_labelled_in_the_deck(visitor_deck, visitor_slides):
    specs = [spec for slide in visitor_slides for spec in slide.charts]
    charts = deck_charts(visitor_deck)
    assert len(specs) == len(charts)
    hidden_points = 0
    for spec, chart in zip(specs, charts, strict=True):
        categories = list(chart.plots[0].categories)
        for series, drawn in zip(spec.series, chart.plots[0].series, strict=True):
            for index in range(len(series.values)):
                label = point_label(drawn, index)
                assert label == series.hidden_at(index), (spec.title, series.name, index)
                hidden_points += label is not None
                assert label is None or label in HIDDEN_LABELS
                if label is not None and spec.kind == "line":  # no point to carry the label:
                    assert label in categories[index], (spec.title, categories[index])
    assert hidden_points > 0  # a visitor of this village has hidden points: the test saw some


def test_a_series_keeps_a_hidden_cells_label_and_no_number():
    series = Series("户数", (12, "<5", None, "×"))
    assert series.values == (12.0, None, None, None)
    assert [series.hidden_at(index) for index in range(5)] == [None, "<5", None, "×", None]
    assert Series("户数", (1, 2)).hidden == ()


def test_the_pages_figure_labels_a_hidden_bar_and_keeps_a_lines_gap():
    spec = ChartSpec("bar", "历年脱贫", ("2016", "2017"), (Series("脱贫户数", (12, "<5")),))
    (bar,) = spec_figure(spec).data
    assert list(bar.y) == [12, 0] and list(bar.text) == ["12", "<5"]
    line = ChartSpec("line", "历年脱贫人数", ("2016", "2017"), (Series("脱贫人数", (30, "<5")),))
    (drawn,) = spec_figure(line).data
    assert list(drawn.y) == [30, None] and list(drawn.text) == ["30", "<5"]
