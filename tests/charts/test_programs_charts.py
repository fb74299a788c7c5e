"""The benefit-programs builders: small frames in, figures whose traces hold exactly those numbers."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard import theme
from dashboard.charts import programs as charts
from dashboard.measures import programs as measures

SNAPSHOT = dt.date(2018, 6, 30)

IN_PERIOD = pd.DataFrame(
    {
        "program": ["pv_income", "education_aid"],  # not in contract order on purpose
        "payments": [3, 20],
        "households": [2, 15],
        "household_years": [2, 18],
        "people": [7, 20],
        "named_recipients": [0, 20],
        "yuan": [1248.0, 25000.0],
        "first_paid": [dt.date(2018, 3, 26), dt.date(2016, 10, 20)],
        "last_paid": [dt.date(2018, 6, 25), dt.date(2018, 3, 1)],
    }
)
BY_YEAR = pd.DataFrame(
    {
        "program": ["education_aid", "education_aid", "health_aid"],
        "year": [2016, 2018, 2017],
        "payments": [5, 6, 2],
        "households": [4, 5, 2],
        "people": [5, 6, 3],
        "yuan": [2500.0, 3000.0, 120000.0],
    }
)
BY_VILLAGE = pd.DataFrame(
    {
        "village_code": ["V1", "V1", "V2", "V2"],
        "village_name": ["甲村", "甲村", "乙村", "乙村"],
        "program": ["education_aid", "pv_income", "education_aid", "pv_income"],
        "payments": [2, 0, 1, 3],
        "households": [2, 0, 1, 1],
        "people": [2, 0, 1, 4],
        "yuan": [1000.0, 0.0, 500.0, 1248.0],
    }
)
LOANS_BY_YEAR = pd.DataFrame(
    {
        "issue_year": [2016, 2017, 2017],
        "mode": ["self_use", "enterprise_use", "self_use"],
        "loans": [1, 3, 1],
        "households": [1, 2, 1],
        "yuan": [50000.0, 80000.0, 30000.0],
    }
)
LOANS_BY_MODE = pd.DataFrame(
    {
        "mode": ["enterprise_use", "self_use"],
        "loans": [3, 2],
        "households": [2, 1],
        "yuan": [80000.0, 80000.0],
        "enterprises": [2, 0],
        "dividends_yuan": [2700.0, None],
        "dividend_households": [3.0, None],
    }
)
BY_ENTERPRISE = pd.DataFrame(
    {
        "enterprise": ["乙公司", None],
        "loans": [2, 0],
        "households": [2, 1],
        "yuan": [40000.0, 0.0],
        "dividends_yuan": [1200.0, 300.0],
    }
)


def trace(figure, name: str):
    matches = [t for t in figure.data if t.name == name]
    assert len(matches) == 1, [t.name for t in figure.data]
    return matches[0]


@pytest.mark.parametrize("measure", charts.MEASURES)
def test_programs_summary_bars_are_in_contract_order_with_program_colours(measure):
    figure = charts.programs_summary_figure(IN_PERIOD, measure, "zh")
    bars = figure.data[0]
    assert list(bars.y) == ["教育补助", "光伏收益"]
    expected = {"yuan": [25000, 1248], "households": [15, 2], "people": [20, 7]}[measure]
    assert list(bars.x) == expected
    assert list(bars.marker.color) == [
        theme.PROGRAM_COLORS["education_aid"],
        theme.PROGRAM_COLORS["pv_income"],
    ]
    if measure == "yuan":
        assert list(bars.text) == ["2.50万元", "1,248元"]
    else:
        assert list(bars.text)[0].endswith(("户", "人"))


def test_programs_summary_in_english():
    figure = charts.programs_summary_figure(IN_PERIOD, "households", "en")
    assert list(figure.data[0].y) == ["Education aid", "Solar income"]
    assert list(figure.data[0].text) == ["15 households", "2 households"]
    assert figure.layout.xaxis.title.text == "Households"


def test_unknown_measure_is_refused():
    with pytest.raises(ValueError):
        charts.programs_summary_figure(IN_PERIOD, "loans", "zh")


def test_programs_by_year_draws_one_panel_per_program_with_missing_years_as_zero():
    figure = charts.programs_by_year_figure(BY_YEAR, "yuan", "zh")
    education = trace(figure, "教育补助")
    assert list(education.x) == ["2016", "2017", "2018"]
    assert list(education.y) == [2500, 0, 3000]
    assert list(trace(figure, "健康扶贫").y) == [0, 120000, 0]
    assert education.marker.color == theme.PROGRAM_COLORS["education_aid"]
    assert [a.text for a in figure.layout.annotations] == ["教育补助", "健康扶贫"]
    people = charts.programs_by_year_figure(BY_YEAR, "people", "en")
    assert list(trace(people, "Education aid").y) == [5, 0, 6]
    assert list(trace(people, "Education aid").text) == ["5", "", "6"]


def test_village_matrix_and_heatmap():
    matrix = charts.village_program_matrix(BY_VILLAGE, "yuan")
    assert list(matrix.index) == ["甲村", "乙村"]
    assert list(matrix.columns) == ["education_aid", "pv_income"]
    heatmap = charts.village_program_heatmap(BY_VILLAGE, "yuan", "zh").data[0]
    assert [list(row) for row in heatmap.customdata] == [[1000, 0], [500, 1248]]
    # Colour is the share of the program's largest village.
    assert [list(row) for row in heatmap.z] == [[1.0, 0.0], [0.5, 1.0]]
    assert list(heatmap.x) == ["教育补助", "光伏收益"]
    assert heatmap.text[0][1] == ""  # nothing paid: no "0" clutter
    english = charts.village_program_heatmap(BY_VILLAGE, "people", "en").data[0]
    assert [list(row) for row in english.customdata] == [[2, 0], [1, 4]]
    assert list(english.x) == ["Education<br>aid", "Solar<br>income"]  # long heads wrap


def test_loans_by_year_stacks_modes():
    figure = charts.loans_by_year_figure(LOANS_BY_YEAR, "zh")
    assert figure.layout.barmode == "stack"
    enterprise = trace(figure, "户贷企用")
    assert list(enterprise.x) == ["2016", "2017"]
    assert list(enterprise.y) == [0, 80000]
    assert list(trace(figure, "自贷自用").y) == [50000, 30000]
    assert enterprise.marker.color == charts.MODE_COLORS["enterprise_use"]
    english = charts.loans_by_year_figure(LOANS_BY_YEAR, "en")
    assert {t.name for t in english.data} == {"Lent on to an enterprise", "Used by the household"}


def test_enterprises_figure_has_loans_and_dividends():
    figure = charts.enterprises_figure(BY_ENTERPRISE, "zh")
    loans = trace(figure, "贷款金额")
    assert list(loans.y) == ["乙公司", "（未登记企业）"]
    assert list(loans.x) == [40000, 0]
    assert list(trace(figure, "已付分红").x) == [1200, 300]
    assert loans.text[0] == "4.00万元 · 2 户"
    english = charts.enterprises_figure(BY_ENTERPRISE, "en")
    assert list(trace(english, "Dividends paid").x) == [1200, 300]


def test_report_figures_table_compares_the_query_with_the_report():
    """The table reads `queries/report_figures.sql`'s values and the report's own numbers."""
    report = pd.DataFrame(
        {
            "figure_id": ["F15", "F17", "F22", "F25"],
            "value_1": [412.0, 130.0, 2.0, 160000.0],
            "value_2": [319750.0, 91500.0, 80000.0, None],
            "value_3": [None, None, None, None],
        }
    )
    table = measures.report_figures_table(report, "zh").set_index("figure_id")
    assert list(table.index) == list(measures.REPORT_ROWS)  # every row, F16 without a value
    assert (table.at["F15", "count"], table.at["F15", "yuan"]) == (412, 319750)
    assert (table.at["F15", "reported_count"], table.at["F15", "reported_yuan"]) == (412, 319750)
    assert bool(table.at["F15", "matches"])
    assert table.at["F17", "count"] == 130 and not bool(table.at["F17", "matches"])
    assert pd.isna(table.at["F16", "count"]) and not bool(table.at["F16", "matches"])
    assert (table.at["F22", "count"], table.at["F22", "yuan"]) == (2, 80000)
    assert table.at["F25", "yuan"] == 160000 and pd.isna(table.at["F25", "count"])
    assert table.at["F25", "reported_yuan"] == 7_160_000
    label, value, caption = measures.report_card(table.reset_index(), "F15", "zh")
    assert (label, value) == ("教育补助 2015–2017", "412 户次")
    assert "31.98万元" in caption and "✓" in caption
    _, value, caption = measures.report_card(table.reset_index(), "F17", "en")
    assert value == "130" and caption.startswith("household-years") and "✗" in caption


def test_period_choices_and_labels():
    assert measures.period_choices(BY_YEAR) == ["all", "2018", "2017", "2016"]
    assert measures.period_choices(BY_YEAR.iloc[0:0]) == ["all"]
    assert measures.period_label("2017", "zh") == "2017年"
    assert measures.period_label("all", "en") == "All years"


def test_gap_counts_by_village_and_heatmap():
    villages = pd.DataFrame({"village_code": ["V1", "V2"], "village_name": ["甲村", "乙村"]})
    students = pd.DataFrame({"village_code": ["V2", "V2", "V1"], "household_id": ["a", "a", "b"]})
    housing = pd.DataFrame({"village_code": ["V2"], "household_id": ["c"]})
    counts = measures.gap_counts_by_village({"students": students, "housing": housing}, villages)
    assert list(counts["students"]) == [1, 2]
    assert list(counts["housing"]) == [0, 1]
    assert list(counts["doctor"]) == [0, 0]
    heatmap = charts.gap_heatmap(counts, "zh").data[0]
    assert list(heatmap.y) == ["甲村", "乙村"]
    assert list(heatmap.customdata[1])[:4] == [2, 0, 0, 1]
    assert "教育补助" in heatmap.x[0]
    assert "education" in charts.gap_heatmap(counts, "en").data[0].x[0]
    assert measures.distinct_households(students) == 2


def test_last_paid_note_only_when_the_program_paid_nobody_in_the_window():
    late = pd.DataFrame({"program": ["transport_subsidy"], "last_paid": [dt.date(2017, 3, 21)]})
    note = measures.last_paid_note(late, "transport_subsidy", SNAPSHOT, "zh")
    assert "外出务工交通补助" in note and "2017年3月21日" in note
    recent = pd.DataFrame({"program": ["transport_subsidy"], "last_paid": [dt.date(2018, 2, 1)]})
    assert measures.last_paid_note(recent, "transport_subsidy", SNAPSHOT, "zh") == ""
    assert "never" in measures.last_paid_note(recent, "rainbow_plan", SNAPSHOT, "en")


def test_double_payment_split():
    frame = pd.DataFrame({"payments": [2, 2, 3], "distinct_people": [2, 0, 2]})
    assert measures.double_payment_split(frame) == (1, 2)
    assert measures.double_payment_split(frame.iloc[0:0]) == (0, 0)


def test_table_for_download_translates_codes_and_columns():
    frame = pd.DataFrame(
        {
            "program": ["education_aid"],
            "school_stage": ["secondary_vocational"],
            "status": ["exited"],
            "household_paid_in_window": [True],
        }
    )
    chinese = charts.table_for_download(frame, "zh")
    assert list(chinese.columns) == ["项目", "在校状况", "脱贫状态", "该户期内有发放"]
    assert list(chinese.iloc[0]) == ["教育补助", "中职", "已脱贫", "是"]
    english = charts.table_for_download(frame, "en")
    assert list(english.iloc[0]) == ["Education aid", "Secondary vocational", "Exited", "yes"]


def test_programs_by_year_counts_wan_yuan_once_the_sums_run_to_millions():
    big = BY_YEAR.assign(yuan=BY_YEAR["yuan"] * 100)  # 健康扶贫 12,000,000 yuan in 2017
    figure = charts.programs_by_year_figure(big, "yuan", "zh")
    health = trace(figure, "健康扶贫")
    assert list(health.y) == [0, 1200, 0]  # 万元 on the axis
    assert list(health.customdata) == [0, 12_000_000, 0]  # the yuan on hover
    assert "%{customdata:,.0f}" in health.hovertemplate
    assert figure.layout.annotations[-1].text == "纵轴单位：万元"
    town = charts.programs_by_year_figure(BY_YEAR, "yuan", "zh")
    assert "纵轴单位：万元" not in [a.text for a in town.layout.annotations]


def test_every_hover_closes_its_placeholders():
    """Plotly shows a hover's %{…} literally unless each is closed."""
    figures = [
        charts.programs_summary_figure(IN_PERIOD, "yuan", "zh"),
        charts.programs_by_year_figure(BY_YEAR, "people", "en"),
        charts.village_program_heatmap(BY_VILLAGE, "yuan", "zh"),
    ]
    for figure in figures:
        for shown in figure.data:
            template = shown.hovertemplate or ""
            assert template.count("%{") == template.count("}"), template


# What a visitor reads: a program paid to 1-4 households, "<5" in its counts and its yuan
# (`dashboard.access.small_counts.for_visitor`: a small row's measures are hidden with it).
VISITOR_IN_PERIOD = IN_PERIOD.assign(households=["<5", 15], people=["<5", 20], yuan=["<5", 25000.0])


@pytest.mark.parametrize("measure", charts.MEASURES)
def test_programs_summary_draws_a_visitors_hidden_cell_as_a_labelled_empty_bar(measure):
    figure = charts.programs_summary_figure(VISITOR_IN_PERIOD, measure, "zh")
    bars = figure.data[0]
    assert list(bars.y) == ["教育补助", "光伏收益"]
    assert list(bars.x)[1] == 0  # 光伏收益: no bar
    assert list(bars.text)[1] == "<5"
    assert list(bars.x)[0] == {"yuan": 25000, "households": 15, "people": 20}[measure]


def test_programs_by_year_labels_a_visitors_hidden_year():
    by_year = BY_YEAR.astype(object)
    by_year.loc[2, ["households", "people", "yuan"]] = "<5"
    figure = charts.programs_by_year_figure(by_year, "households", "zh")
    health = trace(figure, "健康扶贫")
    assert list(health.y) == [0, 0, 0]
    assert list(health.text) == ["", "<5", ""]
    money = charts.programs_by_year_figure(by_year, "yuan", "zh")
    assert list(trace(money, "健康扶贫").text) == ["", "<5", ""]
    assert list(trace(money, "教育补助").y) == [2500, 0, 3000]


def test_loans_and_enterprises_take_a_visitors_hidden_cells():
    loans = LOANS_BY_YEAR.astype(object)
    loans.loc[0, ["loans", "households", "yuan"]] = "<5"
    figure = charts.loans_by_year_figure(loans, "zh")
    own = trace(figure, "自贷自用")
    assert list(own.y) == [0, 30000]
    assert list(own.customdata) == ["<5", "1"]
    enterprises = BY_ENTERPRISE.astype(object)
    enterprises.loc[1, ["loans", "households", "yuan", "dividends_yuan"]] = "<5"
    figure = charts.enterprises_figure(enterprises, "zh")
    bars = trace(figure, "贷款金额")
    assert list(bars.x) == [40000, 0]
    assert bars.text[1] == "<5 · <5 户"
    dividends = trace(figure, "已付分红")
    assert list(dividends.x) == [1200, 0] and list(dividends.text) == ["1,200元", "<5"]
