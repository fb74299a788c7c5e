"""Tests for the village map builder: real demo boundaries in, an offline-drawable figure out."""

from __future__ import annotations

import math
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard import theme
from dashboard.charts.map import FONT_FAMILY, NO_DATA_COLOR, _natural_breaks_classes, village_map
from dashboard.demo.geometry import DEMO_UNITS
from dashboard.geo import load_boundaries, load_water

CHROMIUM = Path("/usr/bin/chromium")
# Not-exited households per unit: the low three and the high one are far apart on purpose.
NOT_EXITED = dict(
    zip(
        [code for code, _, _ in DEMO_UNITS],
        [12, 30, 7, 45, 18, 22, 3, 9, 27, 4, 6],
        strict=True,
    )
)
LABELS = {"legend_title": "未脱贫户（户）", "no_data": "无数据"}


@pytest.fixture(scope="module")
def boundaries(demo_maps):
    villages = pd.DataFrame(
        [(code, name) for code, name, _ in DEMO_UNITS], columns=["village_code", "village_name"]
    )
    return load_boundaries(demo_maps / "villages.geojson", villages).gdf


@pytest.fixture(scope="module")
def values() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "village_code": [code for code, _, _ in DEMO_UNITS],
            "village_name": [name for _, name, _ in DEMO_UNITS],
            "not_exited": [NOT_EXITED[code] for code, _, _ in DEMO_UNITS],
        }
    )


@pytest.fixture(scope="module")
def fig(boundaries, values, demo_maps):
    return village_map(
        boundaries,
        values,
        measure_column="not_exited",
        measure_label="未脱贫户",
        water=load_water(demo_maps),
        highlight_code="341182108206",
        labels=LABELS,
    )


def _plain_map(boundaries, values):
    """Not-exited households on the villages alone: no water, no highlight, the test's labels."""
    return village_map(
        boundaries,
        values,
        measure_column="not_exited",
        measure_label="未脱贫户",
        water=None,
        labels=LABELS,
    )


def _village_traces(fig):
    return [t for t in fig.data if t.fill == "toself" and t.meta and "village_code" in t.meta]


def test_one_filled_trace_per_village(fig, boundaries):
    traces = _village_traces(fig)
    assert sorted(t.meta["village_code"] for t in traces) == sorted(boundaries["village_code"])
    assert all(len(t.x) > 3 and None not in t.x[:3] for t in traces)


def test_names_drawn_as_text(fig, boundaries):
    text_traces = [t for t in fig.data if t.mode == "text"]
    text = " ".join(s for t in text_traces for s in t.text)
    for name in boundaries["village_name"]:
        assert name in text
    assert all(t.textfont.family == FONT_FAMILY for t in text_traces)
    assert "女山湖" in text and "七里湖" in text  # water names, for orientation


def test_classes_have_distinct_colours(fig):
    by_code = {t.meta["village_code"]: t for t in _village_traces(fig)}
    lowest, highest = by_code["341182108206"], by_code["341182108203"]  # 3 and 45 households
    assert lowest.fillcolor != highest.fillcolor
    classes = fig.layout.meta["classes"]
    assert len(classes) == 5 and len({c["color"] for c in classes}) == 5
    for trace in by_code.values():
        assert trace.fillcolor == classes[trace.meta["class_index"]]["color"]


def test_legend_shows_class_ranges(fig):
    legend = [t for t in fig.data if t.showlegend]
    assert [t.name for t in legend] == [c["label"] for c in fig.layout.meta["classes"]]
    assert legend[0].name == "3 – 7" and legend[-1].name == "45"
    assert fig.layout.legend.title.text == "未脱贫户（户）"


def test_units_without_polygon_in_meta(fig):
    assert fig.layout.meta["without_geometry"] == [
        {"village_code": "341182108400", "village_name": "女山湖航运公司", "value": 4.0},
        {"village_code": "341182108401", "village_name": "女山湖渔场", "value": 6.0},
    ]


def test_hover_text_has_name_and_value(fig):
    by_code = {t.meta["village_code"]: t for t in _village_traces(fig)}
    assert by_code["341182108203"].name == "安淮村<br>未脱贫户: 45"
    assert by_code["341182108203"].hoveron == "fills"


def test_highlight_drawn_last_and_thick(fig):
    traces = _village_traces(fig)
    assert traces[-1].meta["village_code"] == "341182108206"
    assert traces[-1].line.width > traces[0].line.width


def test_water_under_villages_and_true_aspect(fig, boundaries):
    first_village = fig.data.index(_village_traces(fig)[0])
    water = [i for i, t in enumerate(fig.data) if t.name in {"女山湖", "七里湖", "淮河"}]
    assert water and max(water) < first_village
    latitude = boundaries.union_all().centroid.y
    assert fig.layout.yaxis.scaleanchor == "x"
    assert fig.layout.yaxis.scaleratio == pytest.approx(1 / math.cos(math.radians(latitude)), 1e-3)
    assert fig.layout.font.family == FONT_FAMILY


def test_colours_and_font_come_from_the_theme(fig):
    assert FONT_FAMILY == theme.FONT_FAMILY
    classes = fig.layout.meta["classes"]
    assert classes[-1]["color"] == "rgb(127, 0, 0)"  # theme.SEQUENTIAL's darkest, #7F0000
    water = [t for t in fig.data if t.name in {"女山湖", "七里湖", "淮河"}]
    assert water and {t.fillcolor for t in water} == {theme.WATER_COLOR}


def test_names_carry_their_village_code_for_clicks(fig):
    labels = next(t for t in fig.data if t.name == "labels")
    by_name = dict(
        zip((text.split("<br>")[0] for text in labels.text), labels.customdata, strict=True)
    )
    assert by_name["山南村"] == "341182108206"
    assert by_name["安淮村"] == "341182108203"


def test_height_when_asked(boundaries, values):
    figure = village_map(
        boundaries, values, measure_column="not_exited", measure_label="x", water=None, height=640
    )
    assert figure.layout.height == 640


def test_needs_no_network(fig):
    assert "http" not in fig.to_json()


def test_village_without_value_is_grey_with_legend_entry(boundaries, values):
    partial = values[values["village_code"] != "341182108200"]
    figure = _plain_map(boundaries, partial)
    by_code = {t.meta["village_code"]: t for t in _village_traces(figure)}
    assert by_code["341182108200"].fillcolor == NO_DATA_COLOR
    assert "无数据" in [t.name for t in figure.data if t.showlegend]


def test_natural_breaks_follow_the_gaps():
    data = np.array([1, 2, 2, 3, 20, 21, 22, 50, 51, 100.0])
    assert _natural_breaks_classes(data, 4) == [(1, 3), (20, 22), (50, 51), (100, 100)]
    # equal values share a class; fewer distinct values than classes gives fewer classes
    assert _natural_breaks_classes(np.array([5, 5, 5, 9.0]), 5) == [(5, 5), (9, 9)]
    assert _natural_breaks_classes(np.array([]), 5) == []


def test_renders_offline_in_a_browser(fig, boundaries, tmp_path):
    """Chromium with every outside request blocked still draws all polygons and names.

    Fails, never skips, without Chromium: a skipped test passes nothing, and CI installs it.
    """
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), f"Chromium is needed at {CHROMIUM} (apt-get install chromium)"
    html = tmp_path / "map.html"
    fig.write_html(html, include_plotlyjs=True, default_width=900, default_height=700)
    outside = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith("file://"):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.route("**/*", route)
            page.goto(html.as_uri())
            page.wait_for_selector(".textpoint")
            drawn_text = " ".join(page.locator(".textpoint").all_text_contents())
            filled_paths = page.locator("path.js-fill").count()
        finally:
            browser.close()
    assert outside == []
    for name in boundaries["village_name"]:
        assert name in drawn_text
    assert filled_paths >= len(boundaries)
    if shutil.which("fc-list"):  # the names must render in a CJK font, not as boxes
        fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
        assert "Noto Sans CJK" in fonts


def test_legend_above_leaves_the_map_the_whole_width(boundaries, values):
    figure = village_map(
        boundaries,
        values,
        measure_column="not_exited",
        measure_label="x",
        water=None,
        legend_above=True,
    )
    assert figure.layout.legend.orientation == "h"
    assert figure.layout.legend.yanchor == "bottom" and figure.layout.legend.y >= 1.0


def test_an_area_with_no_boundary_draws_an_empty_map_and_lists_its_units(boundaries, values):
    """A visitor's one village without a polygon: no NaN bounds for Plotly to refuse (issue 25)."""
    one = values[values["village_code"] == "341182108400"]
    figure = _plain_map(boundaries.head(0), one)
    assert _village_traces(figure) == []
    assert figure.layout.xaxis.range is None and figure.layout.yaxis.range is None
    assert math.isfinite(figure.layout.yaxis.scaleratio)
    assert figure.layout.meta["without_geometry"] == [
        {"village_code": "341182108400", "village_name": "女山湖航运公司", "value": 4.0}
    ]
    assert "NaN" not in figure.to_json()


def test_a_visitors_hidden_value_is_labelled_not_no_data(boundaries, values):
    """ "<5" is a value the visitor may not see, not a village without data."""
    hidden = values.astype({"not_exited": object})
    hidden.loc[hidden["village_code"] == "341182108206", "not_exited"] = "<5"
    hidden.loc[hidden["village_code"] == "341182108400", "not_exited"] = "<5"
    figure = _plain_map(boundaries, hidden)
    by_code = {t.meta["village_code"]: t for t in _village_traces(figure)}
    assert by_code["341182108206"].name.endswith("未脱贫户: <5")
    assert by_code["341182108206"].fillcolor not in (
        NO_DATA_COLOR,
        *[c["color"] for c in figure.layout.meta["classes"]],
    )
    legend = [t.name for t in figure.data if t.showlegend]
    assert "<5" in legend and "无数据" not in legend
    names = [t for t in figure.data if t.name == "labels"][0]
    assert any(label.startswith("山南村") and "<5" in label for label in names.text)
    # The classes are of the numbers the visitor sees: the smallest is no longer 3.
    assert figure.layout.meta["classes"][0]["lower"] > 3
    assert {"village_code": "341182108400", "village_name": "女山湖航运公司", "value": "<5"} in (
        figure.layout.meta["without_geometry"]
    )
