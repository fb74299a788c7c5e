"""The exit-progress builders: small frames in, figures whose traces hold exactly those numbers."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import theme
from dashboard.charts import progress as charts
from dashboard.measures import progress as measures

PROGRESS = pd.DataFrame(
    {
        "exit_year": [2014, 2015, 2016],
        "exited_households": [10, 2500, 0],
        "exited_people": [11, 4000, 0],
        "cumulative_households": [10, 2510, 2510],
        "cumulative_people": [11, 4011, 4011],
        "remaining_households": [3000, 500, 500],
        "remaining_people": [5000, 989, 989],
    }
)
TARGETS = pd.DataFrame(
    {
        "year": [2017, 2018],
        "target_households": [8, 6],
        "target_people": [20, 15],
        "exited_households": [9, 0],
        "exited_people": [21, 0],
        "planned_households": [0, 5],
        "planned_people": [0, 14],
        "is_current_year": [False, True],
    }
)
BY_VILLAGE = pd.DataFrame(
    {
        "village_code": ["V2", "V2", "V1", "V1"],
        "village_name": ["乙村", "乙村", "甲村", "甲村"],
        "exit_year": [2015, 2014, 2014, 2015],
        "households": [4, 3, 2, 0],
        "people": [9, 7, 5, 0],
    }
)
BY_CAUSE = pd.DataFrame(
    {
        "main_cause": ["illness", "illness", "disability"],
        "attribute": ["general", "tekun", "dibao"],
        "households": [5, 2, 3],
        "people": [12, 2, 4],
        "cause_households": [7, 7, 3],
    }
)
TOTALS = pd.DataFrame(
    {
        "snapshot_date": [dt.date(2017, 6, 30), dt.date(2017, 12, 31)],
        "not_exited_households": [40, 30],
        "not_exited_people": [90, 70],
    }
)
FLOWS = pd.DataFrame(
    {
        "previous_date": [dt.date(2017, 6, 30)],
        "snapshot_date": [dt.date(2017, 12, 31)],
        "new_households": [1],
        "new_people": [2],
        "exits_households": [12],
        "exits_people": [25],
        "relapses_households": [1],
        "relapses_people": [3],
        "removals_households": [0],
        "removals_people": [0],
    }
)


def trace(figure: go.Figure, name: str):
    matches = [t for t in figure.data if t.name == name]
    assert len(matches) == 1, [t.name for t in figure.data]
    return matches[0]


@pytest.mark.parametrize("measure", ["households", "people"])
def test_exits_by_year_traces_hold_the_frames_numbers(measure):
    figure = charts.exits_by_year_figure(PROGRESS, measure, "zh")
    bars = trace(figure, "当年脱贫")
    assert list(bars.x) == ["2014", "2015", "2016"]
    assert list(bars.y) == list(PROGRESS[f"exited_{measure}"])
    assert list(trace(figure, "累计脱贫").y) == list(PROGRESS[f"cumulative_{measure}"])
    assert list(trace(figure, "剩余未脱贫").y) == list(PROGRESS[f"remaining_{measure}"])
    # Thousands separators on the labels, and no "0" label on an empty bar.
    assert list(bars.text)[1] in ("2,500", "4,000") and list(bars.text)[2] == ""
    assert bars.marker.color == theme.STATUS_COLORS["exited"]
    assert figure.layout.yaxis.title.text == (
        "户数（户）" if measure == "households" else "人数（人）"
    )


def test_exits_by_year_in_english():
    figure = charts.exits_by_year_figure(PROGRESS, "people", "en")
    assert {t.name for t in figure.data} == {
        "Exited in the year",
        "Exited, cumulative",
        "Remaining",
    }
    assert figure.layout.xaxis.title.text == "Year"
    assert "people" in figure.data[0].hovertemplate and ":," in figure.data[0].hovertemplate


def test_unknown_measure_is_refused():
    with pytest.raises(ValueError):
        charts.exits_by_year_figure(PROGRESS, "yuan", "zh")


def test_targets_figure_groups_target_actual_planned():
    figure = charts.targets_figure(TARGETS, "people", "zh")
    assert figure.layout.barmode == "group"
    assert list(trace(figure, "目标").y) == [20, 15]
    assert list(trace(figure, "实际脱贫").y) == [21, 0]
    assert list(trace(figure, "计划脱贫（尚未脱贫）").y) == [0, 14]
    assert trace(figure, "目标").marker.color == theme.TARGET_COLOR
    english = charts.targets_figure(TARGETS, "households", "en")
    assert [t.name for t in english.data] == ["Target", "Actual exits", "Planned, not yet exited"]
    assert list(english.data[0].y) == [8, 6]


def test_targets_figure_with_a_missing_target():
    frame = TARGETS.astype({"target_households": "float"})
    frame.loc[0, "target_households"] = float("nan")
    figure = charts.targets_figure(frame, "households", "zh")
    assert list(trace(figure, "目标").y) == [None, 6]


def test_village_heatmap_matrix_matches_the_cells():
    """Rows keep the query's village order, columns are years ascending; z is the counts."""
    figure = charts.village_year_heatmap(BY_VILLAGE, "households", "zh")
    heatmap = figure.data[0]
    assert list(heatmap.y) == ["乙村", "甲村"]
    assert list(heatmap.x) == ["2014", "2015"]
    assert [list(row) for row in heatmap.z] == [[3, 4], [2, 0]]
    people = charts.village_year_heatmap(BY_VILLAGE, "people", "en").data[0]
    assert [list(row) for row in people.z] == [[7, 9], [5, 0]]
    assert heatmap.colorscale[0][1] == theme.SEQUENTIAL[0]
    assert heatmap.colorscale[-1][1] == theme.SEQUENTIAL[-1]
    assert figure.layout.xaxis.title.text == "年度"
    assert "people" in people.hovertemplate


def test_exits_by_cause_stacks_attributes_with_labels():
    figure = charts.exits_by_cause_figure(BY_CAUSE, "households", "zh")
    assert figure.layout.barmode == "stack"
    general = trace(figure, "一般贫困户")
    # Smallest total first: a horizontal bar chart draws the first category at the bottom.
    assert list(general.y) == ["因残", "因病"]
    assert list(general.x) == [0, 5]
    assert list(trace(figure, "特困供养贫困户（五保）").x) == [0, 2]
    assert list(trace(figure, "低保贫困户").x) == [3, 0]
    english = charts.exits_by_cause_figure(BY_CAUSE, "people", "en")
    assert list(trace(english, "General").y) == ["Disability", "Illness"]
    assert list(trace(english, "General").x) == [0, 12]


def test_snapshot_series_has_remaining_line_and_flow_bars():
    figure = charts.snapshot_series_figure(TOTALS, FLOWS, "households", "zh", dt.date(2017, 12, 31))
    assert list(trace(figure, "未脱贫（含返贫）").y) == [40, 30]
    assert list(trace(figure, "新识别").y) == [1]
    assert list(trace(figure, "脱贫").y) == [12]
    assert list(trace(figure, "返贫").y) == [1]
    assert list(trace(figure, "清退").y) == [0]
    assert trace(figure, "脱贫").marker.color == theme.STATUS_COLORS["exited"]
    assert len(figure.layout.shapes) == 2  # the chosen snapshot, on both panels
    english = charts.snapshot_series_figure(TOTALS, FLOWS, "people", "en")
    assert list(trace(english, "Exits").y) == [25]
    assert list(trace(english, "Not yet exited (incl. relapsed)").y) == [90, 70]


def test_snapshot_series_table_lines_flows_up_with_totals():
    table = charts.snapshot_series_table(TOTALS, FLOWS)
    assert list(table["snapshot_date"]) == list(TOTALS["snapshot_date"])
    assert pd.isna(table.loc[0, "exits_households"])
    assert table.loc[1, "exits_households"] == 12


def test_exits_sentence_lists_years_with_exits():
    assert (
        measures.exits_sentence(PROGRESS, "zh")
        == "各年脱贫：2014年 10 户 11 人；2015年 2,500 户 4,000 人。"
    )
    english = measures.exits_sentence(PROGRESS, "en")
    assert "2015: 2,500 households, 4,000 people" in english
    assert "2016" not in english
    assert measures.exits_sentence(PROGRESS.iloc[0:0], "zh") == ""


def test_table_for_download_translates_columns_and_codes():
    table = charts.table_for_download(BY_CAUSE, "zh")
    assert list(table.columns)[:2] == ["主要致贫原因", "贫困户属性"]
    assert list(table["主要致贫原因"]) == ["因病", "因病", "因残"]
    english = charts.table_for_download(BY_CAUSE, "en")
    assert list(english["Attribute"]) == [
        "General",
        "Destitute support (wubao)",
        "Minimum-living-allowance (dibao)",
    ]
