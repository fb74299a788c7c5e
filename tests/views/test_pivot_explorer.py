"""The explorer's pivots (dashboard/pivot_queries.py) on a hand-made town, and its page with AppTest.

Every expected number below is counted by hand from the rows written here (comments show the
sum), never read back from the code under test. Three units (one village, two water villages),
five households, nine people, payments, loans and visits; a second, earlier snapshot.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from signed_in import sign_in
from streamlit.testing.v1 import AppTest

from dashboard import pivot_queries
from dashboard.charts import pivot as charts
from dashboard.data import open_database
from tests import pages
from tests.builders import helper, household, member, payment, village, visit, write_town

ON = dt.date(2018, 6, 30)
EARLIER = dt.date(2017, 12, 31)
ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "dashboard" / "views" / "pivot_explorer.py")

VILLAGES = (
    ("V1", "甲村", "village"),
    ("V2", "水一村", "water_village"),
    ("V3", "水二村", "water_village"),
)
# id → village, group, status, exit year, cause, attribute, income per capita
HOUSEHOLDS = {
    "H1": ("V1", "一组", "not_exited", None, "illness", "general", "3000.00"),
    "H2": ("V2", "二组", "not_exited", None, "disability", "dibao", "4000.00"),
    "H3": ("V2", "一组", "exited", 2017, "illness", "general", "6000.00"),
    "H4": ("V3", "十一组", "relapsed", 2016, "lack_capital", "tekun", "2000.00"),
    "H5": ("V3", "二组", "removed", None, "lack_labor", "general", "5000.00"),
}
# id → household, relation, sex, birth date, health; ages on 2018-06-30 in the comment
MEMBERS = {
    "A1": ("H1", "head", "male", dt.date(1950, 1, 1), "disabled"),  # 68
    "A2": ("H1", "spouse", "female", dt.date(1952, 7, 1), "healthy"),  # 65 (birthday tomorrow)
    "B1": ("H2", "head", "male", dt.date(1957, 6, 30), "disabled"),  # 61, today
    "B2": ("H2", "child", "female", dt.date(1990, 1, 1), "disabled"),  # 28
    "B3": ("H2", "grandchild", "male", dt.date(2015, 1, 1), "healthy"),  # 3
    "C1": ("H3", "head", "female", dt.date(1940, 1, 1), "disabled"),  # 78
    "D1": ("H4", "head", "male", dt.date(1958, 7, 1), "disabled"),  # 59: 60 tomorrow
    "D2": ("H4", "parent", "female", dt.date(1930, 5, 5), "disabled"),  # 88
    "E1": ("H5", "head", "male", dt.date(1945, 1, 1), "disabled"),  # 73
}
# id → household, person, program, item, yuan, paid date
PAYMENTS = {
    "P1": ("H1", None, "education_aid", None, "1000.00", dt.date(2017, 3, 1)),
    "P2": ("H1", None, "industry_planting", "花生", "500.50", dt.date(2017, 9, 1)),
    "P3": ("H2", None, "industry_planting", "花生", "300.00", dt.date(2018, 2, 1)),
    "P4": ("H2", "B2", "industry_breeding", "养鸡", "200.00", dt.date(2018, 3, 1)),
    "P5": ("H3", None, "pv_income", None, "100.00", dt.date(2016, 12, 31)),
    "P6": ("H9", None, "health_aid", None, "50.00", dt.date(2018, 1, 15)),  # household gone
    "P7": ("H1", None, "education_aid", None, "999.00", dt.date(2018, 7, 15)),  # after the date
}
LOANS = {
    "L1": ("H1", "enterprise_use", "50000.00", dt.date(2016, 5, 1)),
    "L2": ("H2", "self_use", "30000.00", dt.date(2017, 5, 1)),
    "L3": ("H2", "self_use", "20000.00", dt.date(2018, 1, 1)),
}
HELPERS = {"K1": "city", "K2": "village"}
VISITS = {
    "W1": ("K1", "H1", dt.date(2018, 1, 10), "visit"),
    "W2": ("K1", "H1", dt.date(2018, 3, 10), "policy"),
    "W3": ("K2", "H2", dt.date(2017, 8, 1), "visit"),
    "W4": ("K2", "H4", dt.date(2018, 6, 30), "condolence"),
}


def _tables(household_ids: list[str], member_ids: list[str]) -> dict[str, list[dict]]:
    households = []
    for household_id in household_ids:
        village_code, group, status, exit_year, cause, attribute, income = HOUSEHOLDS[household_id]
        households.append(
            household(
                household_id,
                village_code,
                group_name=group,
                size=sum(1 for m in MEMBERS.values() if m[0] == household_id),
                attribute=attribute,
                main_cause=cause,
                identified_year=2014 if household_id != "H2" else 2016,
                status=status,
                exit_year=exit_year,
                planned_exit_year=None,
                income_per_capita=Decimal(income),
            )
        )
    return {
        "villages": [
            village(code, name, kind=kind, groups_count=12, population=500)
            for code, name, kind in VILLAGES
        ],
        "households": households,
        "members": [
            member(
                person_id,
                household_id,
                name="王某某",
                relation=relation,
                sex=sex,
                birth_date=born,
                health=health,
            )
            for person_id, (household_id, relation, sex, born, health) in MEMBERS.items()
            if person_id in member_ids
        ],
        "payments": [
            payment(payment_id, household_id, program, yuan, paid, person_id=person, item=item)
            for payment_id, (household_id, person, program, item, yuan, paid) in PAYMENTS.items()
        ],
        "loans": [
            {
                "loan_id": loan_id,
                "household_id": household_id,
                "mode": mode,
                "amount_yuan": Decimal(yuan),
                "issued_date": issued,
                "term_months": 36,
                "enterprise": None,
            }
            for loan_id, (household_id, mode, yuan, issued) in LOANS.items()
        ],
        "helpers": [
            helper(helper_id, "李某", "镇政府", level) for helper_id, level in HELPERS.items()
        ],
        "visits": [
            visit(visit_id, helper_id, household_id, day, kind)
            for visit_id, (helper_id, household_id, day, kind) in VISITS.items()
        ],
    }


@pytest.fixture(scope="module")
def town_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("explore") / "data"
    write_town(data_dir, EARLIER, _tables(["H1", "H2"], ["A1", "B1"]))
    write_town(data_dir, ON, _tables(list(HOUSEHOLDS), list(MEMBERS)))
    return data_dir


@pytest.fixture(scope="module")
def town(town_dir: Path):
    database = open_database(town_dir)
    yield database
    database.close()


def pivot(database, snapshot_date: dt.date = ON, lang: str = "zh", **params):
    spec = pivot_queries.parse_spec(params)
    sql, bound = pivot_queries.pivot_sql(spec, snapshot_date)
    return pivot_queries.shape(database.run_sql(sql, bound), spec, lang)


def one_dimension(result) -> dict[str, float]:
    return {row: result.cells[(row, None)] for row in result.row_values}


# --- the grid: subject × measure × dimensions, hand-computed --------------------------------


def test_the_question_in_the_issue(town):
    """Disabled, 60 and over, in not-exited (未脱贫 or 返贫) households of the water villages.

    Disabled in V2/V3: B1 61 (H2 not exited) yes, B2 28 no, C1 78 but H3 exited, D1 59 no
    (60 tomorrow), D2 88 (H4 relapsed) yes, E1 73 but H5 removed. So B1 and D2.
    """
    filters = {
        "f_health": "disabled",
        "f_age_band": ["60-69", "70-79", "80+"],
        "f_status": ["not_exited", "relapsed"],
        "f_village_kind": "water_village",
    }
    result = pivot(town, subject="members", measure="people", rows="village", **filters)
    assert one_dimension(result) == {"V2": 1, "V3": 1}
    assert result.total == 2
    assert pivot(town, subject="members", measure="households", **filters).total == 2


@pytest.mark.parametrize(
    ("params", "expected_rows", "expected_total"),
    [
        # households: 2 not exited, 1 exited, 1 relapsed, 1 removed, in the contract's order
        (
            {"subject": "households", "rows": "status"},
            {"not_exited": 2, "exited": 1, "relapsed": 1, "removed": 1},
            5,
        ),
        # people per village: V1 A1 A2; V2 B1 B2 B3 C1; V3 D1 D2 E1
        (
            {"subject": "households", "measure": "people", "rows": "village"},
            {"V1": 2, "V2": 4, "V3": 3},
            9,
        ),
        # mean income: general H1 3000, H3 6000, H5 5000 → 4666.67; dibao 4000; tekun 2000
        (
            {"subject": "households", "measure": "income_mean", "rows": "attribute"},
            {"general": pytest.approx(4666.67, abs=0.01), "dibao": 4000, "tekun": 2000},
            pytest.approx(4000),
        ),
        # groups: V1 一组; V2 一组 (H3), 二组 (H2); V3 二组 (H5), 十一组 (H4): by number
        (
            {"subject": "households", "rows": "group"},
            {"V1/一组": 1, "V2/一组": 1, "V2/二组": 1, "V3/二组": 1, "V3/十一组": 1},
            5,
        ),
        # exit years: 2016 H4 (kept for relapsed), 2017 H3, the rest blank
        (
            {"subject": "households", "rows": "exit_year"},
            {"2016": 1, "2017": 1, pivot_queries.NONE_VALUE: 3},
            5,
        ),
        # ages: B3 3; B2 28; D1 59; A1 68, A2 65, B1 61; C1 78, E1 73; D2 88
        (
            {"subject": "members", "rows": "age_band"},
            {"0-5": 1, "16-29": 1, "45-59": 1, "60-69": 3, "70-79": 2, "80+": 1},
            9,
        ),
        # households by sex: a household with both counts in both; the total is distinct (5)
        (
            {"subject": "members", "measure": "households", "rows": "sex"},
            {"male": 4, "female": 4},
            5,
        ),
        # payments up to the date (P7 is later): by program
        (
            {"subject": "payments", "measure": "yuan", "rows": "program"},
            {
                "education_aid": 1000,
                "industry_planting": 800.5,
                "industry_breeding": 200,
                "pv_income": 100,
                "health_aid": 50,
            },
            2150.5,
        ),
        # payments by half-year: 2016-H2 P5; 2017-H1 P1; 2017-H2 P2; 2018-H1 P3 P4 P6
        (
            {"subject": "payments", "measure": "yuan", "rows": "half_year"},
            {"2016-H2": 100, "2017-H1": 1000, "2017-H2": 500.5, "2018-H1": 550},
            2150.5,
        ),
        # households paid per village: V1 H1; V2 H2 H3; H9 is no longer registered: blank
        (
            {"subject": "payments", "measure": "households", "rows": "village"},
            {"V1": 1, "V2": 2, pivot_queries.NONE_VALUE: 1},
            4,
        ),
        # 花生 only: P2 and P3, two households
        (
            {"subject": "payments", "measure": "yuan", "rows": "item", "f_item": "花生"},
            {"花生": 800.5},
            800.5,
        ),
        # people paid: only P4 names a person (B2)
        (
            {"subject": "payments", "measure": "people", "rows": "program"},
            {
                "education_aid": 0,
                "industry_planting": 0,
                "industry_breeding": 1,
                "pv_income": 0,
                "health_aid": 0,
            },
            1,
        ),  # fmt: skip
        # loans by mode: yuan and households
        (
            {"subject": "loans", "measure": "yuan", "rows": "loan_mode"},
            {"enterprise_use": 50000, "self_use": 50000},
            100000,
        ),
        (
            {"subject": "loans", "measure": "households", "rows": "loan_mode"},
            {"enterprise_use": 1, "self_use": 1},
            2,
        ),
        (
            {"subject": "loans", "measure": "loans", "rows": "year"},
            {"2016": 1, "2017": 1, "2018": 1},
            3,
        ),
        # visits by helper level: city W1 W2 (one household), village W3 W4 (two)
        ({"subject": "visits", "rows": "helper_level"}, {"city": 2, "village": 2}, 4),
        (
            {"subject": "visits", "measure": "households", "rows": "helper_level"},
            {"city": 1, "village": 2},
            3,
        ),
        (
            {"subject": "visits", "measure": "helpers", "rows": "half_year"},
            {"2017-H2": 1, "2018-H1": 2},
            2,
        ),
    ],  # fmt: skip
)
def test_one_dimension_grid(town, params, expected_rows, expected_total):
    result = pivot(town, **params)
    assert one_dimension(result) == expected_rows
    assert list(one_dimension(result)) == list(expected_rows)  # the order, too
    assert result.total == expected_total


def test_two_dimensions_with_margins(town):
    """Households by village × status: cells, row and column totals, grand total."""
    result = pivot(town, subject="households", rows="village", cols="status")
    assert result.row_values == ["V1", "V2", "V3"]
    assert result.column_values == ["not_exited", "exited", "relapsed", "removed"]
    assert result.cells == {
        ("V1", "not_exited"): 1,
        ("V2", "not_exited"): 1,
        ("V2", "exited"): 1,
        ("V3", "relapsed"): 1,
        ("V3", "removed"): 1,
    }
    assert result.row_totals == {"V1": 1, "V2": 2, "V3": 2}
    assert result.column_totals == {"not_exited": 2, "exited": 1, "relapsed": 1, "removed": 1}
    assert result.total == 5


def test_distinct_counts_are_right_in_the_margins(town):
    """Households of members by village × sex: H2 has men and a woman, counted once in V2."""
    result = pivot(town, subject="members", measure="households", rows="village", cols="sex")
    assert result.cells[("V2", "male")] == 1  # H2 (B1, B3)
    assert result.cells[("V2", "female")] == 2  # H2 (B2), H3 (C1)
    assert result.row_totals["V2"] == 2  # not 3
    assert result.column_totals == {"male": 4, "female": 4}
    assert result.total == 5


def test_yuan_by_program_and_year(town):
    result = pivot(town, subject="payments", measure="yuan", rows="program", cols="year")
    assert result.cells[("industry_planting", "2017")] == 500.5
    assert result.cells[("industry_planting", "2018")] == 300
    assert result.column_totals == {"2016": 100, "2017": 1500.5, "2018": 550}
    assert result.row_totals["industry_planting"] == 800.5


def test_no_dimension_is_a_single_number(town):
    assert pivot(town, subject="members").total == 9
    assert pivot(town, subject="members", f_sex="female").total == 4  # A2 B2 C1 D2


def test_the_snapshot_chosen_is_the_one_counted(town):
    """The earlier snapshot holds H1 and H2 with A1 and B1 only."""
    assert pivot(town, EARLIER, subject="members").total == 2
    assert pivot(town, EARLIER, subject="households", rows="village").row_values == ["V1", "V2"]


def test_a_filter_matching_nothing_is_empty_not_an_error(town):
    result = pivot(town, subject="members", rows="village", f_health="serious_illness")
    assert result.is_empty
    assert result.total == 0


@pytest.mark.parametrize(
    "value", ["o'brien", "disabled') or true --", "'; drop table members; --", "%", "*"]
)
def test_filter_values_are_bound_not_pasted(town, value):
    """Values with quotes or SQL in them are only compared, never run."""
    result = pivot(town, subject="members", f_health=value)
    assert result.is_empty
    assert pivot(town, subject="members").total == 9  # and nothing was harmed


def test_names_outside_the_allow_lists_are_dropped():
    spec = pivot_queries.parse_spec(
        {
            "subject": "members; drop table members",
            "measure": "count(*)",
            "rows": "name",
            "cols": "village_code) --",
            "f_id_number": "34118219800101001X",
        }
    )
    assert spec == pivot_queries.PivotSpec()  # households, counted, no dimension, no filter


def test_parse_spec_keeps_what_the_subject_has():
    spec = pivot_queries.parse_spec(
        {"subject": "payments", "measure": "people", "rows": "health", "cols": "program"}
    )
    # health is a member's: dropped; the column moves up to rows
    assert (spec.subject, spec.measure, spec.rows, spec.columns) == (
        "payments",
        "people",
        "program",
        None,
    )
    assert (
        pivot_queries.parse_spec({"subject": "members", "rows": "sex", "cols": "sex"}).columns
        is None
    )


def test_spec_round_trips_through_the_url():
    spec = pivot_queries.PivotSpec(
        "members", "people", "village", "age_band", (("health", ("disabled", "chronic")),)
    )
    assert pivot_queries.parse_spec(pivot_queries.spec_params(spec)) == spec
    with pytest.raises(ValueError):
        pivot_queries.pivot_sql(pivot_queries.PivotSpec("members", "people", "program"), ON)


def test_labels_in_both_languages(town):
    result = pivot(town, subject="members", rows="age_band", cols="sex", lang="en")
    assert result.labels["sex"] == {"male": "Male", "female": "Female"}
    assert result.labels["age_band"]["80+"] == "80+"
    zh = pivot(town, subject="payments", rows="half_year")
    assert zh.labels["half_year"]["2017-H2"] == "2017年下半年"
    assert pivot(town, rows="village").labels["village"] == {
        "V1": "甲村",
        "V2": "水一村",
        "V3": "水二村",
    }


def test_wide_table_has_totals_and_labels(town):
    result = pivot(town, subject="households", rows="village", cols="status")
    table = charts.wide_table(result, "zh")
    assert list(table.columns) == [
        "村（单位）",
        "未脱贫",
        "已脱贫",
        "返贫",
        "清退/自然减少",
        "合计",
    ]
    assert table.iloc[-1].tolist() == ["合计", 2, 1, 1, 1, 5]
    assert table.iloc[1].tolist() == ["水一村", 1, 1, 0, 0, 2]


def test_figure_fits_the_shape(town):
    assert charts.pivot_figure(pivot(town, subject="members"), "zh") is None
    bars = charts.pivot_figure(pivot(town, subject="members", rows="village"), "zh")
    assert [trace.type for trace in bars.data] == ["bar"]
    assert list(bars.data[0].x) == [2, 4, 3]
    grouped = charts.pivot_figure(pivot(town, rows="village", cols="status"), "zh")
    assert len(grouped.data) == 4
    heat = charts.pivot_figure(
        pivot(town, subject="members", rows="village", cols="age_band"), "zh"
    )
    assert heat.data[0].type == "heatmap"


# --- the demo: where the township's report fixes the answer ---------------------------------


def test_demo_not_exited_households_and_people(demo_db):
    """F03/F04: 205 households and 526 people not exited (未脱贫 or 返贫) on 2018-06-30."""
    filters = {"f_status": ["not_exited", "relapsed"]}
    assert pivot(demo_db, subject="households", **filters).total == 205
    assert pivot(demo_db, subject="households", measure="people", **filters).total == 526
    assert pivot(demo_db, subject="members", **filters).total == 526


def test_demo_education_aid_three_years(demo_db):
    """F15: 教育补助 2015–2017, 319,750 yuan."""
    result = pivot(
        demo_db,
        subject="payments",
        measure="yuan",
        rows="year",
        f_program="education_aid",
        f_year=["2015", "2016", "2017"],
    )
    assert result.total == 319_750


# --- the page ------------------------------------------------------------------------------


def open_page(monkeypatch, data_dir: Path, **query_params: str | list[str]) -> AppTest:
    return pages.open_page(monkeypatch, data_dir, PAGE, query_params, prepare=sign_in)


def test_page_opens_the_view_in_the_url(monkeypatch, town_dir):
    app = open_page(
        monkeypatch,
        town_dir,
        subject="members",
        measure="people",
        rows="village",
        f_health="disabled",
        f_age_band=["60-69", "70-79", "80+"],
        f_status=["not_exited", "relapsed"],
        f_village_kind="water_village",
    )
    assert not app.exception
    assert app.title[0].value == "自助分析"
    table = app.dataframe[0].value
    assert table.iloc[:, 0].tolist() == ["水一村", "水二村", "合计"]
    assert table.iloc[:, 1].tolist() == [1, 1, 2]
    assert len(app.get("plotly_chart")) == 1


def test_page_keeps_choices_in_the_url(monkeypatch, town_dir):
    app = open_page(monkeypatch, town_dir, lang="en")
    assert not app.exception
    assert app.metric[0].value == "5"  # households, no dimension
    app.selectbox(key="explore_subject").set_value("payments").run()
    app.selectbox(key="explore_rows").set_value("program").run()
    assert not app.exception
    assert app.query_params["subject"] in ("payments", ["payments"])
    # households is a measure of payments too, so the choice stays (4 households paid)
    assert app.query_params["measure"] in ("households", ["households"])
    assert app.query_params["rows"] in ("program", ["program"])
    assert app.dataframe[0].value.iloc[-1].tolist() == ["Total", 4]
    app.selectbox(key="explore_measure").set_value("yuan").run()
    assert app.query_params["measure"] in ("yuan", ["yuan"])
    assert app.dataframe[0].value.iloc[-1].tolist() == ["Total", 2150.5]


def test_page_on_an_empty_snapshot(monkeypatch, empty_dir):
    app = open_page(monkeypatch, empty_dir, subject="members", rows="village")
    assert not app.exception
    assert any("没有符合" in info.value for info in app.info)
