"""The monitoring page (/monitoring, 防返贫监测) driven headless with AppTest, for each role that
may open it, on the hand-made 2023 town of `tests/monitoring_town.py` (expected values worked
out there), and on a 2018 snapshot that has no monitoring at all."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from monitoring_town import SNAPSHOT, monitoring_town, write_monitoring_town
from signed_in import sign_in
from streamlit.testing.v1 import AppTest

from dashboard.access.roles import PAGES_BY_ROLE
from tests import pages

PAGE = str(Path(__file__).resolve().parents[2] / "dashboard" / "views" / "monitoring.py")
TIMEOUT_SECONDS = 180


@pytest.fixture(scope="module")
def town_dir(tmp_path_factory):
    return write_monitoring_town(monitoring_town(), tmp_path_factory.mktemp("page") / "data")


def open_page(monkeypatch, data_dir: Path, role: str, **options) -> AppTest:
    monkeypatch.setenv("TUOPIN_INSTANCE", str(data_dir.parent / "instance"))
    area, helper_id = options.pop("area", ""), options.pop("helper_id", None)
    return pages.open_page(
        monkeypatch,
        data_dir,
        PAGE,
        options,
        timeout=TIMEOUT_SECONDS,
        prepare=lambda app: sign_in(app, role, area, helper_id),
    )


def metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def households(frame) -> list[str]:
    """The household numbers of a list whose numbers are links (`household?household=B`)."""
    return [link.rsplit("=", 1)[-1] for link in frame["户编号"]]


def table(app: AppTest, column: str):
    """The first data frame on the page that has `column`."""
    return next(frame.value for frame in app.dataframe if column in frame.value.columns)


def test_who_may_open_the_page():
    may = {role for role, pages in PAGES_BY_ROLE.items() if "monitoring" in pages}
    assert may == {"leader", "analyst", "helper", "demo"}


def test_a_leader_sees_the_towns_numbers_names_and_clues(monkeypatch, town_dir):
    app = open_page(monkeypatch, town_dir, "leader")
    assert not app.exception
    assert app.title[0].value == "防返贫监测"
    shown = metrics(app)
    assert shown["监测对象（累计）"] == "4 户"
    assert shown["风险未消除"] == "3 户"
    assert shown["风险已消除"] == "1 户"
    assert shown["本年新识别 / 新消除（次）"] == "+2 / −1"
    assert shown["未落实帮扶措施"] == "1 户"
    assert shown["有劳动力无产业就业措施"] == "1 户"
    assert shown["消除后再次识别"] == "1 户"
    assert any("风险消除率 25.0%" in caption.value for caption in app.caption)
    objects = table(app, "纳入监测次数")
    assert households(objects) == ["B", "E", "A", "C"]
    assert list(objects["户主"]) == ["吴桂英", "钱大勇", "孙德胜", "郑光明"]  # a leader sees names
    clues = table(app, "原因")
    assert len(clues) == 12
    reasons = dict(
        zip(zip(households(clues), clues["线索"], strict=True), clues["原因"], strict=True)
    )
    assert "冯春梅" in reasons[("C", "医疗自付费用偏高（医保）")]
    assert "9,500" in reasons[("C", "医疗自付费用偏高（医保）")]
    lines = table(app, "监测线（元/人·年）")
    assert list(lines["年度"]) == [2020, 2021, 2022, 2023]
    assert list(lines["取自"])[-1] == "全国 2021 年"
    captions = " ".join(caption.value for caption in app.caption)
    assert "queries/monitoring_totals.sql" in captions


def test_the_demo_identity_sees_masks(monkeypatch, town_dir):
    app = open_page(monkeypatch, town_dir, "demo")
    assert not app.exception
    objects = table(app, "纳入监测次数")
    assert all(name.endswith("**") for name in objects["户主"])


def test_a_helper_sees_his_own_households_only(monkeypatch, town_dir):
    app = open_page(monkeypatch, town_dir, "helper", helper_id="H2")  # C, D, E
    assert not app.exception
    assert metrics(app)["监测对象（累计）"] == "2 户"
    assert set(households(table(app, "纳入监测次数"))) == {"C", "E"}
    assert set(households(table(app, "原因"))) == {"C", "D"}


def test_an_analyst_in_english(monkeypatch, town_dir):
    app = open_page(monkeypatch, town_dir, "analyst", lang="en")
    assert not app.exception
    assert app.title[0].value == "Relapse-risk monitoring"
    assert metrics(app)["Risk not eliminated"] == "3 households"


def test_a_snapshot_before_the_mechanism_says_so(monkeypatch, tmp_path):
    town = monitoring_town()
    del town["monitoring"], town["department_records"]
    data_dir = write_monitoring_town(town, tmp_path / "data", dt.date(2018, 6, 30))
    app = open_page(monkeypatch, data_dir, "analyst")
    assert not app.exception
    assert any("没有防返贫监测对象" in info.value for info in app.info)
    assert not app.metric


def test_the_snapshot_date_is_the_towns(town_dir):
    assert (town_dir / "snapshots" / f"snapshot_date={SNAPSHOT.isoformat()}").is_dir()


HOUSEHOLD_PAGE = str(Path(PAGE).parent / "household.py")


def test_a_households_profile_shows_its_monitoring_history(monkeypatch, town_dir):
    monkeypatch.setenv("TUOPIN_DATA", str(town_dir))
    monkeypatch.setenv("TUOPIN_INSTANCE", str(town_dir.parent / "instance"))
    app = sign_in(AppTest.from_file(HOUSEHOLD_PAGE, default_timeout=TIMEOUT_SECONDS), "leader")
    app.query_params["household"] = "A"
    app.run()
    assert not app.exception
    history = table(app, "监测月数")
    assert list(history["监测对象类型"]) == ["脱贫不稳定户", "突发严重困难户"]
    assert list(history["风险状态"]) == ["风险已消除", "风险未消除"]
    assert list(history["监测月数"]) == [10, 7]


def test_clues_go_to_the_ledger_once(monkeypatch, tmp_path):
    from dashboard.ledger.store import Ledger

    data_dir = write_monitoring_town(monitoring_town(), tmp_path / "data")
    app = open_page(monkeypatch, data_dir, "analyst")
    assert not app.exception
    app.button(key="monitoring_clues_to_ledger").click().run()
    assert not app.exception
    assert any("已记入 12 条问题" in success.value for success in app.success)
    problems = Ledger.of(data_dir).frame()
    warnings = problems[problems["source"] == "warning"]
    assert len(warnings) == 12
    assert set(warnings["category"]) == {"policy"}
    bill = warnings[(warnings["household_id"] == "C") & (warnings["rule_id"] == "medical_bill")]
    assert "9,500" in bill["description"].iloc[0]
    app.button(key="monitoring_clues_to_ledger").click().run()
    assert any("已记入 0 条问题" in success.value for success in app.success)


def test_a_leader_has_no_ledger_button(monkeypatch, town_dir):
    app = open_page(monkeypatch, town_dir, "leader")
    assert not [button for button in app.button if button.key == "monitoring_clues_to_ledger"]
