"""The deck of the demo's 2018H1, opened again with python-pptx: slides, charts, fonts, notes.

Expected values are the report's (shared/reference/seed-figures.md: F05..F09) or counted on the
demo's Parquet files with plain DuckDB, independently of the query files. Where LibreOffice is
installed, the deck is converted to PDF and PNG pages under test-output/deck/ for people to see.
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn

from dashboard.evaluation.deck import EAST_ASIAN_FONT, build_deck, map_renderer
from dashboard.evaluation.figures import compute
from dashboard.evaluation.period import parse_period, resolve
from dashboard.evaluation.slides import build_slides
from tests.evaluation.expected import DECK_TITLES as TITLES

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-output" / "deck"
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


@pytest.fixture(scope="module")
def deck_bytes(demo_dir, demo_db):
    periods = resolve(parse_period("2018H1"), demo_db.snapshots)
    figures = compute(demo_db.run, periods, None)
    notes = {"problems": "贫困户产业增收不明显", "next_steps": "进一步压实主体责任"}
    slides = build_slides(figures, "zh", notes)
    return build_deck(slides, map_renderer(demo_dir, "zh"))


@pytest.fixture(scope="module")
def deck(deck_bytes):
    return Presentation(io.BytesIO(deck_bytes))


def charts_of(slide):
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def series_values(chart) -> dict[str, list]:
    return {series.name: list(series.values) for series in chart.plots[0].series}


def test_deck_is_16_9_with_the_slides_of_the_presentation(deck):
    assert round(deck.slide_width / deck.slide_height, 3) == round(16 / 9, 3)
    assert [slide.shapes.title.text for slide in deck.slides] == TITLES


def test_exits_slide_has_native_charts_with_the_reports_exits(deck):
    households, people = charts_of(deck.slides[2])
    assert households.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    assert list(households.plots[0].categories) == ["2014", "2015", "2016", "2017", "2018"]
    values = series_values(households)
    assert values["脱贫户数"][:4] == [167, 114, 65, 99]  # F05..F08
    assert people.chart_type == XL_CHART_TYPE.LINE_MARKERS
    assert series_values(people)["脱贫人数"][:4] == [181, 227, 167, 271]
    assert series_values(people)["计划人数"][-1] == 300  # F09


def test_headline_chart_compares_the_period_start_and_end(deck, demo_sql):
    (chart,) = charts_of(deck.slides[1])
    counts = dict(
        demo_sql.sql(
            """
            select cast(snapshot_date as varchar), count(*) filter (where status in ('not_exited', 'relapsed'))
            from households where snapshot_date in ('2017-12-31', '2018-06-30') group by 1
            """
        ).fetchall()
    )
    values = series_values(chart)
    assert values["2018年6月30日"][1] == counts["2018-06-30"] == 205  # F03
    assert values["2017年12月31日"][1] == counts["2017-12-31"]


def test_remaining_slide_has_the_map_image_and_a_bar_per_village(deck, demo_sql):
    slide = deck.slides[3]
    assert any(shape.shape_type == MSO_SHAPE_TYPE.PICTURE for shape in slide.shapes)
    (chart,) = charts_of(slide)
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    by_village = dict(
        demo_sql.sql(
            """
            select v.village_name, count(h.household_id)
            from villages v left join households h
              on h.village_code = v.village_code and h.snapshot_date = v.snapshot_date
             and h.status in ('not_exited', 'relapsed')
            where v.snapshot_date = '2018-06-30' group by 1
            """
        ).fetchall()
    )
    drawn = dict(zip(chart.plots[0].categories, chart.plots[0].series[0].values, strict=True))
    assert drawn == by_village
    assert sum(drawn.values()) == 205


def test_industry_doughnut_and_helper_stacked_chart(deck):
    (doughnut,) = charts_of(deck.slides[4])
    assert doughnut.chart_type == XL_CHART_TYPE.DOUGHNUT
    assert sum(doughnut.plots[0].series[0].values) == pytest.approx(598_160)  # F27 yuan
    (stacked,) = charts_of(deck.slides[6])
    assert stacked.chart_type == XL_CHART_TYPE.COLUMN_STACKED
    assert list(stacked.plots[0].categories) == ["1月", "2月", "3月", "4月", "5月", "6月"]


def test_programs_chart_holds_the_half_years_yuan(deck):
    (chart,) = charts_of(deck.slides[5])
    drawn = dict(zip(chart.plots[0].categories, chart.plots[0].series[0].values, strict=True))
    assert drawn["教育补助"] == 76_025  # F26
    assert drawn["光伏收益"] == 41_600  # F31


def test_every_run_of_chinese_text_names_an_east_asian_font(deck):
    checked = 0
    for slide in deck.slides:
        trees = [slide.shapes._spTree, slide.notes_slide.shapes._spTree]
        trees += [chart._chartSpace for chart in charts_of(slide)]
        for tree in trees:
            for run in tree.iter(qn("a:r")):
                words = "".join(t.text or "" for t in run.iter(qn("a:t")))
                if not CJK.search(words):
                    continue
                properties = run.find(qn("a:rPr"))
                east_asian = properties.find(qn("a:ea")) if properties is not None else None
                assert east_asian is not None, words
                assert east_asian.get("typeface") == EAST_ASIAN_FONT
                checked += 1
    assert checked > 50


def test_every_slide_has_notes_defining_its_figures(deck):
    for slide in deck.slides:
        notes = slide.notes_slide.notes_text_frame.text
        assert notes.strip(), slide.shapes.title.text
    assert (
        "queries/evaluation_exits_by_year.sql" in deck.slides[2].notes_slide.notes_text_frame.text
    )
    assert "exit_year" in deck.slides[2].notes_slide.notes_text_frame.text


def test_problems_slide_holds_the_written_notes(deck):
    texts = [shape.text_frame.text for shape in deck.slides[8].shapes if shape.has_text_frame]
    assert "1. 贫困户产业增收不明显" in texts
    assert "1. 进一步压实主体责任" in texts


def test_deck_converts_to_pdf_and_png_pages(deck_bytes):
    """LibreOffice opens the deck and renders every slide (the test command installs it)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTIFACTS / "evaluation_2018H1.pptx"
    source.write_bytes(deck_bytes)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(ARTIFACTS), str(source)],
        check=True,
        timeout=300,
    )
    pdf = ARTIFACTS / "evaluation_2018H1.pdf"
    assert pdf.stat().st_size > 10_000
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / "page")],
        check=True,
        timeout=300,
    )
    assert len(list(ARTIFACTS.glob("page*.png"))) == len(TITLES)
