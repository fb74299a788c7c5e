"""The /present page driven with AppTest on the demo: slides, moving between them, notes, wall."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

PAGE = str(Path(__file__).resolve().parents[2] / "dashboard" / "views" / "present.py")


@pytest.fixture
def page(demo_dir, monkeypatch):
    monkeypatch.setenv("TUOPIN_DATA", str(demo_dir))
    return AppTest.from_file(PAGE, default_timeout=120)


def test_present_opens_on_the_title_slide_and_moves(page):
    page.run()
    assert not page.exception
    assert page.title[0].value == "女山湖镇脱贫攻坚2018年上半年讲评"
    assert any("第 1 / 9 页" in m.value for m in page.markdown)
    page.button(key="present-next").click().run()
    assert page.title[0].value == "主要指标及本期变化"
    assert [m.value for m in page.metric][:2] == ["650", "1,372"]
    page.button(key="present-previous").click().run()
    page.button(key="present-previous").click().run()
    assert page.title[0].value == "存在的问题和下一步工作打算"  # wraps around


def test_notes_saved_on_the_page_reach_the_problems_slide(page, demo_dir):
    page.run()
    page.text_area(key="problems-2018H1-town-zh").input("幸福感不强")
    page.button(key="save-2018H1-town-zh").click().run()
    assert not page.exception
    saved = (demo_dir / "notes" / "2018H1.json").read_text(encoding="utf-8")
    assert "幸福感不强" in saved
    page.button(key="present-previous").click().run()
    assert any("1. 幸福感不强" in m.value for m in page.markdown)
    (demo_dir / "notes" / "2018H1.json").unlink()


def test_the_narrative_is_editable_on_the_page(page):
    page.run()
    narrative = page.text_area(key="narrative-2018H1-town-zh")
    assert "建档立卡贫困户650户、1372人" in narrative.value


def test_wall_display_shows_a_key_slide(page):
    page.query_params["wall"] = "1"
    page.run()
    assert not page.exception
    assert page.title[0].value == "主要指标及本期变化"


def test_above_a_town_the_scope_lists_the_towns_and_one_opens_as_the_area(county_dir, monkeypatch):
    monkeypatch.setenv("TUOPIN_DATA", str(county_dir))
    page = AppTest.from_file(PAGE, default_timeout=120)
    page.run()
    assert not page.exception, [e.value for e in page.exception]
    picker = page.selectbox(key="present_village")
    whole, *towns = picker.options  # the labels: the county's name, then its towns'
    # The county's towns (about fifteen, named), not its hundreds of villages.
    assert whole == "明光市" and 10 <= len(towns) <= 20, picker.options
    assert all(label.endswith(("镇", "乡", "街道")) for label in towns), towns
    picker.select_index(1).run()
    assert not page.exception, [e.value for e in page.exception]
    town = page.query_params["area"]
    assert isinstance(town, str) and len(town) == 9, town
    picker = page.selectbox(key="present_village")
    assert picker.value == "town"
    whole, *villages = picker.options
    assert (
        whole == "全镇" and villages and all(label.endswith(("村", "社区")) for label in villages)
    )
    assert len(villages) < len(towns) * 20
