"""The industry builders and the concentration index: small frames in, known numbers out."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import concentration, theme
from dashboard.charts import industry as charts
from dashboard.measures import industry as measures

ITEMS = pd.DataFrame(
    {
        "program": [
            "industry_breeding",
            "industry_planting",
            "industry_planting",
            "industry_breeding",
        ],
        "item": ["养鸡", "花生", "水稻", None],
        "projects": [12, 30, 3, 1],
        "yuan": [24_000.0, 15_000.0, 2_500.0, 600.0],
        "households": [10, 25, 3, 1],
    }
)
TOTALS = pd.DataFrame(
    {
        "program": ["all", "industry_breeding", "industry_planting"],
        "projects": [475, 220, 255],
        "yuan": [598_160.0, 361_070.0, 237_090.0],
        "households": [368, 195, 214],
    }
)
BY_YEAR = pd.DataFrame(
    {
        "paid_year": [2017, 2017, 2017, 2018, 2018],
        "program": ["all", "industry_breeding", "industry_planting", "all", "industry_breeding"],
        "projects": [4, 1, 3, 2, 2],
        "yuan": [4200.0, 2000.0, 2200.0, 3600.0, 3600.0],
        "households": [3, 1, 3, 2, 2],
    }
)
BY_HALF_YEAR = BY_YEAR.assign(half=[2, 2, 2, 1, 1])
BY_BATCH = pd.DataFrame(
    {
        "batch": ["2017年第1批", "2017年第1批", None, None],
        "first_paid_date": [dt.date(2017, 3, 20)] * 2 + [dt.date(2018, 6, 30)] * 2,
        "last_paid_date": [dt.date(2017, 3, 20)] * 2 + [dt.date(2018, 6, 30)] * 2,
        "program": ["all", "industry_planting", "all", "industry_breeding"],
        "projects": [2, 2, 1, 1],
        "yuan": [3000.0, 3000.0, 600.0, 600.0],
        "households": [1, 1, 1, 1],
    }
)


def by_item_frame(villages: dict[str, list[tuple[str, str, float]]]) -> pd.DataFrame:
    """{village name: [(program, item, yuan), …]} as the frame of industry_by_item."""
    rows = [
        {
            "village_code": f"V{index}",
            "village_name": name,
            "program": program,
            "item": item,
            "projects": 1,
            "yuan": yuan,
            "households": 1,
        }
        for index, (name, items) in enumerate(villages.items())
        for program, item, yuan in items
    ]
    return pd.DataFrame(rows)


P, B = "industry_planting", "industry_breeding"
# Hand-made villages with known indices (shares in brackets):
VILLAGES = by_item_frame(
    {
        "甲村": [(P, "花生", 60), (B, "养鸡", 20), (B, "养鸭", 20)],  # .6 .2 .2 → .44, one
        "乙村": [(P, "花生", 45), (B, "养鸡", 35), (P, "水稻", 10), (B, "养猪", 10)],  # → .345, two
        "丙村": [(P, "花生", 25), (B, "养鸡", 25), (P, "水稻", 25), (B, "养猪", 25)],  # → .25
        "丁村": [(B, "小龙虾", 100)],  # a single item → 1
        # 花生 under both programs is one item (60 of 100): .36 + .16 = .52
        "戊村": [(P, "花生", 30), (B, "花生", 30), (B, "养鸡", 40)],
    }
)


def trace(figure: go.Figure, name: str):
    matches = [t for t in figure.data if t.name == name]
    assert len(matches) == 1, [t.name for t in figure.data]
    return matches[0]


# ------------------------------------------------------------------ the concentration index


def test_herfindahl_on_known_shares():
    assert concentration.herfindahl([60, 20, 20]) == pytest.approx(0.44)
    assert concentration.herfindahl([1, 1, 1, 1]) == pytest.approx(0.25)
    assert concentration.herfindahl([598_160]) == pytest.approx(1.0)
    assert math.isnan(concentration.herfindahl([]))
    assert math.isnan(concentration.herfindahl([0, 0]))
    with pytest.raises(ValueError):
        concentration.herfindahl([10, -5])


def test_village_concentration_on_hand_made_villages():
    table = concentration.village_concentration(VILLAGES).set_index("village_name")
    # Most concentrated first.
    assert list(table.index) == ["丁村", "戊村", "甲村", "乙村", "丙村"]
    expected = {"丁村": 1.0, "戊村": 0.52, "甲村": 0.44, "乙村": 0.345, "丙村": 0.25}
    for village, index in expected.items():
        assert table.at[village, "herfindahl"] == pytest.approx(index), village
        assert table.at[village, "effective_items"] == pytest.approx(1 / index), village
    assert (table.at["甲村", "top_item"], table.at["甲村", "top_share"]) == ("花生", 0.6)
    assert table.at["乙村", "top_two_share"] == pytest.approx(0.8)
    assert table.at["戊村", "items"] == 2 and table.at["戊村", "top_item"] == "花生"
    assert pd.isna(table.at["丁村", "second_item"]) and table.at["丁村", "top_two_share"] == 1.0
    assert dict(table["dominance"]) == {
        "丁村": "one",
        "戊村": "one",  # 花生 60% > 50%
        "甲村": "one",  # 60%
        "乙村": "two",  # 45% + 35% = 80% > 60%
        "丙村": "none",  # 25% + 25% = 50%
    }


def test_dominance_thresholds_are_strict():
    assert concentration.dominance(concentration.DOMINANT_ITEM_SHARE, 0.5) == "none"
    assert concentration.dominance(0.3, concentration.DOMINANT_PAIR_SHARE) == "none"
    assert concentration.dominance(0.3, concentration.DOMINANT_PAIR_SHARE + 0.01) == "two"


def test_village_concentration_of_nothing_is_an_empty_frame():
    table = concentration.village_concentration(VILLAGES.iloc[0:0])
    assert table.empty and "herfindahl" in table.columns


def test_dominance_sentences_in_both_languages():
    table = concentration.village_concentration(VILLAGES)
    zh = measures.dominance_sentences(table, "zh")
    assert "乙村：花生与养鸡占80%" in zh
    assert "甲村：花生占60%" in zh
    assert not any("丙村" in sentence for sentence in zh)
    en = measures.dominance_sentences(table, "en")
    assert "乙村: Peanuts and Chickens take 80%" in en
    assert "丁村: Crayfish takes 100%" in en


def test_concentration_figure_flags_in_the_accent_colour():
    table = concentration.village_concentration(VILLAGES)
    figure = charts.concentration_figure(table, "zh")
    flagged = trace(figure, "一两个品种主导")
    assert list(flagged.y) == ["丁村", "戊村", "甲村", "乙村"]
    assert list(flagged.x) == pytest.approx([1.0, 0.52, 0.44, 0.345])
    assert flagged.marker.color == theme.ACCENT
    assert list(trace(figure, "较分散").y) == ["丙村"]
    assert flagged.text[2] == "0.44 · 花生 60%"
    english = charts.concentration_figure(table, "en")
    assert english.layout.xaxis.title.text == "Concentration (Herfindahl index)"
    assert trace(english, "One or two items dominate").text[2] == "0.44 · Peanuts 60%"


# ------------------------------------------------------------------ the mix


def test_treemap_nests_items_under_programs_in_yuan():
    figure = charts.mix_treemap(ITEMS, "zh")
    treemap = figure.data[0]
    values = dict(zip(treemap.ids, treemap.values, strict=True))
    assert values["industry_planting"] == 17_500
    assert values["industry_breeding"] == 24_600
    assert values["industry_planting/花生"] == 15_000
    assert values["industry_breeding/"] == 600  # the unnamed item
    labels = dict(zip(treemap.ids, treemap.labels, strict=True))
    assert labels["industry_planting"] == "特色种植"
    assert labels["industry_breeding/"] == "未注明"
    assert dict(zip(treemap.ids, treemap.parents, strict=True))["industry_planting/水稻"] == (
        "industry_planting"
    )
    colors = dict(zip(treemap.ids, treemap.marker.colors, strict=True))
    assert colors["industry_planting"] == theme.PROGRAM_COLORS["industry_planting"]
    assert colors["industry_planting/花生"] == theme.PROGRAM_COLORS["industry_planting"]
    english = dict(zip(treemap.ids, charts.mix_treemap(ITEMS, "en").data[0].labels, strict=True))
    assert english["industry_breeding"] == "Breeding support"
    assert english["industry_breeding/养鸡"] == "Chickens"


@pytest.mark.parametrize("measure", ["yuan", "projects", "households"])
def test_ranked_items_hold_the_measure(measure):
    figure = charts.items_ranked_figure(ITEMS, measure, "zh")
    planting = trace(figure, "特色种植")
    values = dict(zip(planting.y, planting.x, strict=True))
    assert values == {
        "花生": ITEMS.at[1, measure],
        "水稻": ITEMS.at[2, measure],
    }
    assert planting.marker.color == theme.PROGRAM_COLORS["industry_planting"]
    # Largest at the top: a horizontal bar chart draws the last category highest.
    assert list(figure.layout.yaxis.categoryarray)[-1] in ("养鸡", "花生")
    assert (
        figure.layout.xaxis.title.text
        == {
            "yuan": "资金（元）",
            "projects": "项目数（项）",
            "households": "户数（户）",
        }[measure]
    )


def test_ranked_items_in_english_and_unknown_measure():
    figure = charts.items_ranked_figure(ITEMS, "yuan", "en")
    assert set(trace(figure, "Breeding support").y) == {"Chickens", "not recorded"}
    assert list(figure.layout.yaxis.categoryarray)[-1] == "Chickens"
    with pytest.raises(ValueError):
        charts.items_ranked_figure(ITEMS, "people", "zh")


def test_village_shares_rows_sum_to_one():
    matrix = charts.village_share_matrix(VILLAGES)
    assert list(matrix.index) == ["丁村", "戊村", "甲村", "乙村", "丙村"]
    assert matrix.sum(axis=1).round(9).tolist() == [1.0] * 5
    assert matrix.at["乙村", "养鸡"] == pytest.approx(0.35)
    assert matrix.at["戊村", "花生"] == pytest.approx(0.6)
    figure = charts.village_shares_figure(VILLAGES, "zh")
    assert figure.layout.barmode == "stack"
    peanuts = trace(figure, "花生")
    assert dict(zip(peanuts.y, peanuts.x, strict=True))["甲村"] == pytest.approx(0.6)
    assert peanuts.text[2] == "60%"
    assert trace(charts.village_shares_figure(VILLAGES, "en"), "Peanuts")


# ------------------------------------------------------------------ periods and batches


@pytest.mark.parametrize("measure", ["yuan", "households"])
def test_by_year_groups_programs_and_total(measure):
    figure = charts.by_year_figure(BY_YEAR, measure, "zh")
    assert figure.layout.barmode == "group"
    total = trace(figure, "合计")
    assert list(total.x) == ["2017", "2018"]
    assert list(total.y) == list(BY_YEAR[BY_YEAR["program"] == "all"][measure])
    assert list(trace(figure, "特色种植").x) == ["2017"]
    assert trace(figure, "特色养殖").marker.color == theme.PROGRAM_COLORS["industry_breeding"]


def test_by_half_year_labels():
    zh = charts.by_half_year_figure(BY_HALF_YEAR, "projects", "zh")
    assert list(trace(zh, "合计").x) == ["2017年下半年", "2018年上半年"]
    assert list(trace(zh, "合计").y) == [4, 2]
    en = charts.by_half_year_figure(BY_HALF_YEAR, "projects", "en")
    assert list(trace(en, "Total").x) == ["2017 H2", "2018 H1"]
    assert en.layout.yaxis.title.text == "Projects"


def test_by_batch_labels_and_missing_batch():
    figure = charts.by_batch_figure(BY_BATCH, "yuan", "zh")
    assert list(trace(figure, "合计").x) == ["2017年第1批", "未注明批次"]
    assert list(trace(figure, "合计").y) == [3000, 600]
    english = charts.by_batch_figure(BY_BATCH, "yuan", "en")
    assert list(trace(english, "Total").x) == ["2017 batch 1", "no batch recorded"]


# ------------------------------------------------------------------ reach, key numbers, tables

REACH = pd.DataFrame(
    {
        "village_code": ["V1", "V2"],
        "village_name": ["甲村", "乙村"],
        "registered_households": [3, 0],
        "not_exited_households": [2, 0],
        "reached_households": [3, 0],
        "reached_not_exited_households": [1, 0],
        "projects": [4, 0],
        "yuan": [6500.0, 0.0],
        "yuan_per_reached_household": [6500 / 3, float("nan")],
        "yuan_per_registered_household": [6500 / 3, float("nan")],
        "reached_share_of_registered": [1.0, float("nan")],
        "reached_share_of_not_exited": [0.5, float("nan")],
    }
)


def test_reach_figures():
    shares = charts.reach_share_figure(REACH, "zh")
    not_exited = trace(shares, "覆盖未脱贫户")
    assert list(not_exited.y) == ["甲村", "乙村"]
    assert list(not_exited.x) == [0.5, None]
    assert list(not_exited.text) == ["50%", ""]
    assert list(trace(shares, "覆盖全部建档户").x) == [1.0, None]
    yuan = charts.reach_yuan_figure(REACH, "en").data[0]
    assert yuan.x[0] == pytest.approx(6500 / 3)
    assert list(yuan.text) == ["2,167", ""]
    assert trace(charts.reach_share_figure(REACH, "en"), "Not-exited reached")


def test_programs_sentence_lists_breeding_first():
    assert measures.programs_sentence(TOTALS, "zh") == (
        "其中特色养殖 220 项、361,070 元、195 户；特色种植 255 项、237,090 元、214 户。"
    )
    assert "Breeding support: 220 projects, ¥361,070, 195 households" in measures.programs_sentence(
        TOTALS, "en"
    )
    nothing = pd.DataFrame({"program": ["all"], "projects": [0], "yuan": [0.0], "households": [0]})
    assert measures.programs_sentence(nothing, "zh") == ""


def test_periods():
    assert measures.default_period(dt.date(2018, 6, 30)) == (
        dt.date(2017, 1, 1),
        dt.date(2018, 6, 30),
    )
    assert measures.default_period(dt.date(2016, 12, 31)) == (
        dt.date(2016, 1, 1),
        dt.date(2016, 12, 31),
    )
    assert measures.half_year_window(dt.date(2017, 12, 31)) == (
        2017,
        2,
        dt.date(2017, 7, 1),
        dt.date(2017, 12, 31),
    )


def test_table_for_download_labels_codes_and_columns():
    table = charts.table_for_download(ITEMS, "zh")
    assert list(table.columns) == ["扶持类别", "品种", "项目数", "资金（元）", "户数"]
    assert list(table["品种"]) == ["养鸡", "花生", "水稻", "未注明"]
    english = charts.table_for_download(BY_HALF_YEAR, "en")
    assert list(english["Period"]) == ["2017 H2"] * 3 + ["2018 H1"] * 2
    assert list(english["Program"])[:2] == ["Total", "Breeding support"]
    shares = charts.table_for_download(REACH, "zh")
    assert list(shares["覆盖未脱贫户比例（%）"])[0] == 50.0
    assert list(shares["户均资金（元，按获得扶持户）"])[0] == 2167
    flagged = charts.table_for_download(concentration.village_concentration(VILLAGES), "en")
    assert list(flagged["Dominated by"])[:2] == ["one item", "one item"]
    assert list(flagged["Herfindahl index"])[0] == 1.0
