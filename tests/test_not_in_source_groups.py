"""Contract v1.2, "Not in the source", where a figure is a group or a cell (issue 29's last gaps).

The hand-made town (tests/checks/fixture_town.py) is written on 2017-12-31 as it is and on
2018-06-30 with every source-optional column NULL and listed in the manifest, as an import of
the monitoring system's person list writes them, with one household more (B1, new on
2018-06-30). Where a list, a group or a row label rests on such a column:

- /programs' gap heatmap greys out the column of a list the source could not give and says
  "来源未提供" in its cells, instead of empty cells that read as nobody missed;
- the explorer's and /compare's blank group reads "来源未提供", not "（空）" or an empty cell;
- the village deck's 村民组 chart names the blank group, never "None".

Also three small things seen on the demo's 2025 snapshot: an unchanged incidence reads 持平 in
grey (not a red "+0.00 pp"), a village leader's target names his village (not 全镇), and a line's
hidden point ("<5") is named on its axis rather than a silent gap.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from checks.fixture_town import SNAPSHOT, V1, add_household_copies, clean_town, write_town
from pptx import Presentation
from signed_in import sign_in
from streamlit.proto.Metric_pb2 import Metric as MetricProto
from streamlit.testing.v1 import AppTest

from dashboard import pivot_queries
from dashboard.access import web
from dashboard.access.roles import Identity
from dashboard.charts import compare as compare_charts
from dashboard.charts import programs as program_charts
from dashboard.charts import village as village_charts
from dashboard.charts.evaluation import spec_figure
from dashboard.data import open_database
from dashboard.evaluation.deck import build_deck
from dashboard.evaluation.figures import compute
from dashboard.evaluation.period import parse_period, resolve
from dashboard.evaluation.slides import ChartSpec, Series, Slide, build_slides
from dashboard.measures import programs as program_measures
from dashboard.snapshots import lacking
from tests.builders import NOT_IN_SOURCE

ROOT = Path(__file__).resolve().parent.parent
VIEWS = ROOT / "dashboard" / "views"
APP = ROOT / "dashboard" / "app.py"
TIMEOUT_SECONDS = 120  # the first run opens DuckDB and prepares the derived tables
EARLIER = dt.date(2017, 12, 31)
LABEL_ZH = "来源未提供"
LABEL_EN = "not in the source"
DOCTOR_AXIS = "未签约<br>家庭医生（户）"  # the heatmap's column heads
STUDENTS_AXIS = "未享<br>教育补助（人）"
DOCTOR_COLUMN = "未签约家庭医生（户）"  # its table's


@pytest.fixture(scope="module")
def mixed_dir(tmp_path_factory) -> Path:
    """2017-12-31 as the town is; 2018-06-30 from a layout without the optional columns, with
    B1 newly identified."""
    data_dir = tmp_path_factory.mktemp("mixed") / "data"
    write_town(clean_town(), data_dir, EARLIER)
    later = clean_town()
    add_household_copies(later, 1, "H1")  # B1: one person, 甲村, not exited
    return write_town(later, data_dir, SNAPSHOT, not_in_source=NOT_IN_SOURCE)


@pytest.fixture(scope="module")
def known_dir(tmp_path_factory) -> Path:
    """The town as it is, twice: nothing changed between 2017-12-31 and 2018-06-30."""
    data_dir = tmp_path_factory.mktemp("known") / "data"
    write_town(clean_town(), data_dir, EARLIER)
    return write_town(clean_town(), data_dir, SNAPSHOT)


def open_page(monkeypatch, data_dir: Path, page: str, role="analyst", area="", **params) -> AppTest:
    """One page script on its own, signed in in process (imported data asks for a sign-in)."""
    monkeypatch.setenv("TUOPIN_DATA", str(data_dir))
    monkeypatch.setenv("TUOPIN_INSTANCE", str(data_dir.parent / "instance"))
    app = sign_in(
        AppTest.from_file(str(VIEWS / f"{page}.py"), default_timeout=TIMEOUT_SECONDS), role, area
    )
    for key, value in params.items():
        app.query_params[key] = value
    return app.run()


def open_overview(monkeypatch, data_dir: Path, role: str, area: str) -> AppTest:
    """The whole app (the overview links to other pages) signed in as `role` of `area`: the
    session lookup is replaced by the identity, as tests/test_not_in_source.py does."""
    monkeypatch.setenv("TUOPIN_DATA", str(data_dir))
    monkeypatch.setenv("TUOPIN_INSTANCE", str(data_dir.parent / "instance"))
    identity = Identity(f"test-{role}", (role,), area)
    monkeypatch.setattr(web, "_token", lambda: "a signed-in session")
    monkeypatch.setattr(web, "_signed_in", lambda _directory, _token: identity)
    return AppTest.from_file(str(APP), default_timeout=TIMEOUT_SECONDS).run()


def plotly_figures(app: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


# ------------------------------------------------------------------ 1. /programs' gap heatmap


def gap_frames(data_dir: Path, snapshot_date: dt.date):
    database = open_database(data_dir)
    try:
        gaps = {
            kind: database.run(query, snapshot_date=snapshot_date)
            for kind, query, *_ in program_measures.GAP_KINDS
        }
        villages = database.run("gap_villages", snapshot_date=snapshot_date, unit_digits=12)
    finally:
        database.close()
    return gaps, villages


def test_gap_counts_are_unknown_where_the_source_lacked_the_list(mixed_dir):
    gaps, villages = gap_frames(mixed_dir, SNAPSHOT)
    counts = program_measures.gap_counts_by_village(gaps, villages)
    # doctor, insurance, housing and migrants rest on columns the layout lacked
    for kind in ("doctor", "insurance", "housing", "migrants"):
        assert counts[kind].isna().all(), kind
    # the students' list rests on school_stage, which came with the source: counted
    assert counts["students"].notna().all()
    assert not program_measures.gaps_shown_empty(gaps)  # unknown lists are no empty heatmap

    known, known_villages = gap_frames(mixed_dir, EARLIER)
    known_counts = program_measures.gap_counts_by_village(known, known_villages)
    assert known_counts["doctor"].tolist() == [0, 0]  # everyone signed: none, not unknown


def test_gap_heatmap_greys_and_labels_the_unknown_columns(mixed_dir):
    gaps, villages = gap_frames(mixed_dir, SNAPSHOT)
    figure = program_charts.gap_heatmap(
        program_measures.gap_counts_by_village(gaps, villages), "zh"
    )
    counted, unknown = figure.data
    doctor = list(counted.x).index(DOCTOR_AXIS)
    students = list(counted.x).index(STUDENTS_AXIS)
    for row in range(2):  # 甲村, 乙村
        assert unknown.text[row][doctor] == LABEL_ZH
        assert counted.z[row][doctor] is None  # no colour of the count scale …
        assert unknown.z[row][doctor] is not None  # … but the grey of its own
        assert unknown.text[row][students] == ""
        assert counted.z[row][students] is not None
    english = program_charts.gap_heatmap(
        program_measures.gap_counts_by_village(gaps, villages), "en"
    )
    assert LABEL_EN in {cell for row in english.data[1].text for cell in row}

    known, known_villages = gap_frames(mixed_dir, EARLIER)
    figure = program_charts.gap_heatmap(
        program_measures.gap_counts_by_village(known, known_villages), "zh"
    )
    assert len(figure.data) == 1  # every list known: no grey trace


def test_programs_page_heatmap_says_not_in_the_source(monkeypatch, mixed_dir):
    app, heatmaps = programs_heatmaps(monkeypatch, mixed_dir, "2018-06-30")
    doctor = [trace for trace in heatmaps if DOCTOR_AXIS in trace.get("x", [])]
    assert any(LABEL_ZH in row for trace in doctor for row in trace.get("text", []))
    downloads = [frame.value for frame in app.dataframe if DOCTOR_COLUMN in frame.value.columns]
    assert downloads and set(downloads[0][DOCTOR_COLUMN]) == {LABEL_ZH}

    _, before = programs_heatmaps(monkeypatch, mixed_dir, "2017-12-31")
    texts = [cell for trace in before for row in trace.get("text", []) for cell in row]
    assert LABEL_ZH not in texts


def programs_heatmaps(monkeypatch, data_dir: Path, snapshot: str) -> tuple[AppTest, list[dict]]:
    """/programs on `snapshot` (it ran), and the heatmap traces of its figures."""
    app = open_page(monkeypatch, data_dir, "programs", snapshot=snapshot)
    assert not app.exception
    traces = [t for figure in plotly_figures(app) for t in figure["data"] if t["type"] == "heatmap"]
    return app, traces


# ------------------------------------------------------------------ 2. the explorer and /compare


def explore(data_dir: Path, snapshot_date: dt.date, lang: str = "zh", **params):
    database = open_database(data_dir)
    try:
        spec = pivot_queries.parse_spec(params)
        sql, bound = pivot_queries.pivot_sql(spec, snapshot_date)
        unknown = pivot_queries.dimensions_not_in_source(database.snapshot(snapshot_date))
        return pivot_queries.shape(database.run_sql(sql, bound), spec, lang, unknown)
    finally:
        database.close()


@pytest.mark.parametrize("dimension", ["cause", "attribute", "group"])
def test_explorer_names_the_blank_group_not_in_the_source(mixed_dir, dimension):
    result = explore(mixed_dir, SNAPSHOT, rows=dimension)
    labels = [result.labels[dimension][value] for value in result.row_values]
    assert labels == [LABEL_ZH]  # all five households in one group, and it says why
    assert result.row_totals[pivot_queries.NONE_VALUE] == 5
    english = explore(mixed_dir, SNAPSHOT, "en", rows=dimension)
    assert english.labels[dimension][pivot_queries.NONE_VALUE] == LABEL_EN


def test_explorer_keeps_the_sources_own_blanks_and_values(mixed_dir):
    causes = explore(mixed_dir, EARLIER, rows="cause")
    assert LABEL_ZH not in causes.labels["cause"].values()
    assert "因病" in causes.labels["cause"].values()
    # a member's education did not come with the source on 2018-06-30; school_stage did
    members = explore(mixed_dir, SNAPSHOT, subject="members", rows="education", cols="school_stage")
    assert list(members.labels["education"].values()) == [LABEL_ZH]
    assert LABEL_ZH not in members.labels["school_stage"].values()
    # a payment of a household no longer registered: a blank the source did give, （空）
    assert pivot_queries.value_label("exit_year", pivot_queries.NONE_VALUE, None, "zh") == "（空）"


def test_explorer_page_shows_the_label(monkeypatch, mixed_dir):
    app = open_page(monkeypatch, mixed_dir, "pivot_explorer", rows="cause")
    assert not app.exception
    table = app.dataframe[0].value
    assert table.iloc[:, 0].tolist() == [LABEL_ZH, "合计"]
    assert "（空）" not in table.iloc[:, 0].tolist()


def test_compare_query_names_each_sides_unknown_columns(mixed_dir):
    database = open_database(mixed_dir)
    try:
        forward = database.run("compare_households", from_date=EARLIER, to_date=SNAPSHOT)
        backward = database.run("compare_households", from_date=SNAPSHOT, to_date=EARLIER)
    finally:
        database.close()
    assert {"attribute_after", "cause_after", "group_name", "attribute_changed"} <= lacking(forward)
    assert "attribute_before" not in lacking(forward)
    assert {"attribute_before", "cause_before", "attribute_changed"} <= lacking(backward)
    assert "attribute_after" not in lacking(backward) and "group_name" not in lacking(backward)
    new = compare_charts.household_list(forward, "new", "zh")
    assert new["户编号"].tolist() == ["B1"]
    assert new.iloc[0]["村民组"] == LABEL_ZH
    counts = compare_charts.counts(forward)
    assert counts["new"] == 1 and counts["attribute"] is None and counts["cause"] is None


def test_compare_page_says_not_in_the_source(monkeypatch, mixed_dir):
    app = open_page(monkeypatch, mixed_dir, "compare", **{"from": "2017-12-31", "to": "2018-06-30"})
    assert not app.exception
    labels = [tab.label for tab in app.tabs]
    assert "新识别 1" in labels
    assert f"属性变更 {LABEL_ZH}" in labels and f"致贫原因变更 {LABEL_ZH}" in labels
    new = next(frame.value for frame in app.dataframe if "现属性" in frame.value.columns)
    assert new["户编号"].tolist() == ["household?household=B1"]  # a link to its profile
    row = new.iloc[0]
    assert row["村民组"] == LABEL_ZH
    assert LABEL_ZH in row.tolist()  # the new household's attribute and cause
    assert sum(LABEL_ZH in info.value for info in app.info) == 2  # the two change tabs


# ------------------------------------------------------------------ 3. the village deck


def village_slides(data_dir: Path, village_code: str, lang: str = "zh"):
    database = open_database(data_dir)
    try:
        periods = resolve(parse_period("2018H1"), database.snapshots)
        figures = compute(database.run, periods, village_code)
    finally:
        database.close()
    return build_slides(figures, lang)


def remaining_categories(slides) -> tuple[str, ...]:
    slide = next(slide for slide in slides if slide.key == "remaining")
    return slide.charts[0].categories


def test_village_deck_names_the_unknown_group(mixed_dir):
    assert remaining_categories(village_slides(mixed_dir, V1)) == (LABEL_ZH,)
    slide = next(slide for slide in village_slides(mixed_dir, V1) if slide.key == "remaining")
    assert slide.charts[0].series[0].values == (2.0,)  # B and B1, counted under that group
    assert remaining_categories(village_slides(mixed_dir, V1, "en")) == (LABEL_EN,)
    slides = village_slides(mixed_dir, V1)
    deck = Presentation(io.BytesIO(build_deck(slides)))
    drawn = [
        list(shape.chart.plots[0].categories)
        for page in deck.slides
        for shape in page.shapes
        if shape.has_chart and shape.chart.chart_title.text_frame.text == "未脱贫户"
    ]
    assert drawn == [[LABEL_ZH]]
    assert "None" not in str(drawn)


def test_village_deck_keeps_the_groups_the_source_gave(known_dir):
    assert remaining_categories(village_slides(known_dir, V1)) == ("一组",)


def test_village_profile_names_the_unknown_group_and_attributes(mixed_dir):
    """/map's village profile: its groups chart and its households' table."""
    database = open_database(mixed_dir)
    try:
        groups = database.run("village_groups", snapshot_date=SNAPSHOT, village_code=V1)
        households = database.run("village_households", snapshot_date=SNAPSHOT, village_code=V1)
        before = database.run("village_groups", snapshot_date=EARLIER, village_code=V1)
    finally:
        database.close()
    table = village_charts.groups_table(groups, "zh")
    assert table["村民组"].tolist() == [LABEL_ZH]
    assert list(village_charts.groups_figure(groups, "zh").data[0].x) == [LABEL_ZH]
    shown = village_charts.households_table(households, "zh")
    assert (
        set(shown["村民组"]) == set(shown["贫困户属性"]) == set(shown["主要致贫原因"]) == {LABEL_ZH}
    )
    assert village_charts.groups_table(before, "zh")["村民组"].tolist() == ["一组"]


# ------------------------------------------------------------------ 4. three small things


def metric(app: AppTest, label: str):
    return next(element for element in app.metric if element.label == label)


def test_an_unchanged_incidence_has_no_colour_and_no_arrow(monkeypatch, known_dir):
    app = open_overview(monkeypatch, known_dir, "leader", V1)
    assert not app.exception
    incidence = metric(app, "贫困发生率")
    assert incidence.proto.delta == "持平"
    assert incidence.proto.color == MetricProto.MetricColor.GRAY
    assert incidence.proto.direction == MetricProto.MetricDirection.NONE


def test_a_changed_incidence_keeps_its_colour(monkeypatch, mixed_dir):
    """B1, one more poor person in 甲村: the incidence rises, red and up (the check above can
    fail)."""
    app = open_overview(monkeypatch, mixed_dir, "leader", V1)
    assert not app.exception
    incidence = metric(app, "贫困发生率")
    assert incidence.proto.delta == "+0.05 pp"  # one person of 2,000
    assert incidence.proto.color == MetricProto.MetricColor.RED
    assert incidence.proto.direction == MetricProto.MetricDirection.UP


def test_a_village_leaders_target_names_his_village(monkeypatch, known_dir):
    app = open_overview(monkeypatch, known_dir, "leader", V1)
    assert not app.exception
    notes = [info.value for info in app.info if "脱贫目标" in info.value]
    assert notes == ["2018年没有甲村脱贫目标记录"]
    town = open_overview(monkeypatch, known_dir, "leader", "")
    assert [info.value for info in town.info if "脱贫目标" in info.value] == [
        "2018年没有全镇脱贫目标记录"
    ]


def test_a_lines_hidden_point_is_named_on_its_axis():
    spec = ChartSpec(
        "line",
        "历年脱贫人数",
        ("2016", "2017", "2018"),
        (Series("脱贫人数", (30, "<5", 12)), Series("计划脱贫人数", (28, 6, "×"))),
    )
    assert spec.shown_categories() == (
        "2016",
        "2017\n(脱贫人数 <5)",
        "2018\n(计划脱贫人数 ×)",
    )
    (drawn,) = [
        shape.chart
        for shape in Presentation(io.BytesIO(build_deck([_slide_with(spec)]))).slides[0].shapes
        if shape.has_chart
    ]
    assert list(drawn.plots[0].categories)[1] == "2017\n(脱贫人数 <5)"
    page_line = spec_figure(spec).data[0]
    assert list(page_line.x)[1] == "2017<br>(脱贫人数 <5)"
    assert list(page_line.y) == [30, None, 12]  # still a gap: a 0 would be a false dip
    one = ChartSpec("line", "t", ("2016", "2017"), (Series("脱贫人数", (30, "<5")),))
    assert one.shown_categories() == ("2016", "2017\n(<5)")
    bars = ChartSpec("bar", "t", ("2016", "2017"), (Series("脱贫户数", (30, "<5")),))
    assert bars.shown_categories() == ("2016", "2017")  # a bar's label stands at its foot


def _slide_with(spec: ChartSpec) -> Slide:
    return Slide("exits", "t", charts=[spec])
