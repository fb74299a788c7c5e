"""The snapshot comparison page (/compare) driven headless with AppTest on the demo."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests import pages

PAGE = pages.VIEWS / "compare.py"


def open_page(monkeypatch, data_dir: Path, **query_params: str) -> AppTest:
    return pages.open_page(monkeypatch, data_dir, PAGE, query_params)


def test_2017_second_half_shows_the_99_exits(monkeypatch, demo_dir):
    app = open_page(monkeypatch, demo_dir, **{"from": "2017-06-30", "to": "2017-12-31"})
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["脱贫户"] == "99"
    exited = [frame.value for frame in app.dataframe if len(frame.value) == 99]
    assert exited and set(exited[0]["脱贫年度"]) == {2017}
    assert app.get("plotly_chart")


def test_default_is_the_latest_and_the_one_before(monkeypatch, demo_dir):
    app = open_page(monkeypatch, demo_dir, lang="en")
    assert not app.exception
    assert app.query_params["from"] in ("2017-12-31", ["2017-12-31"])
    assert app.query_params["to"] in ("2018-06-30", ["2018-06-30"])
    assert {m.label: m.value for m in app.metric}["Exited"] == "0"


def test_reversed_dates_are_put_in_order(monkeypatch, demo_dir):
    app = open_page(monkeypatch, demo_dir, **{"from": "2017-12-31", "to": "2017-06-30"})
    assert not app.exception
    assert any("对调" in info.value for info in app.info)
    assert {m.label: m.value for m in app.metric}["脱贫户"] == "99"


def test_one_snapshot_has_nothing_to_compare(monkeypatch, empty_dir):
    app = open_page(monkeypatch, empty_dir)
    assert not app.exception
    assert any("只有一个快照" in info.value for info in app.info)


def test_no_full_name_in_any_list(monkeypatch, demo_dir, demo_sql):
    app = open_page(monkeypatch, demo_dir, **{"from": "2017-06-30", "to": "2017-12-31"})
    names = {name for (name,) in demo_sql.execute("select distinct name from members").fetchall()}
    for frame in app.dataframe:
        for column in frame.value.columns:
            shown = {str(value) for value in frame.value[column]}
            assert not shown & names, column


def test_household_lists_link_to_the_profile(monkeypatch, demo_dir):
    """The 99 exits of 2017's second half: each row's 户编号 opens /household?household=<id>."""
    app = open_page(monkeypatch, demo_dir, **{"from": "2017-06-30", "to": "2017-12-31"})
    assert not app.exception
    exited = [frame for frame in app.dataframe if len(frame.value) == 99][0]
    config = json.loads(exited.proto.columns)
    assert config["户编号"]["type_config"]["type"] == "link"
    assert config["户编号"]["type_config"]["display_text"] == "household=(.+)$"
    links = list(exited.value["户编号"])
    assert all(link.startswith("household?household=") for link in links)
    assert len({link.removeprefix("household?household=") for link in links}) == 99


def test_a_county_compares_its_towns(county_dir):
    """Above a town the units are the next level down: each town's register and flows are its
    villages' together, and only a move between two towns is a town's move."""
    from dashboard.data import Viewer, open_database

    database = open_database(county_dir)
    try:
        first, last = database.snapshots[-3].snapshot_date, database.snapshots[-1].snapshot_date
        params = {"from_date": first, "to_date": last, "viewer": Viewer(area="")}
        towns = database.run("compare_villages", unit_digits=9, **params)
        villages = database.run("compare_villages", **params)
    finally:
        database.close()
    assert set(towns["village_code"].str.len()) == {9} and len(towns) < len(villages) / 5
    by_town = (
        villages.assign(town=villages["village_code"].str[:9])
        .groupby("town")
        .sum(numeric_only=True)
    )
    for column in ("households_before", "households_after", "exits", "new_households"):
        assert towns.set_index("village_code")[column].to_dict() == by_town[column].to_dict()
        assert towns[column].sum() > 0 or column == "new_households"
    assert (towns.set_index("village_code")["moved_in"] <= by_town["moved_in"]).all()


def unit_tables(app: AppTest) -> list:
    """The per-unit table's frames (the one with registered households before and after)."""
    return [frame.value for frame in app.dataframe if "原在册户" in frame.value.columns]


def test_a_county_page_heads_its_units_column_with_the_level(monkeypatch, county_dir):
    app = open_page(monkeypatch, county_dir)
    assert not app.exception, [error.value for error in app.exception]
    (units,) = unit_tables(app)
    assert "村" not in units.columns
    assert 10 <= len(units) <= 20 and units["乡镇"].str.endswith(("镇", "乡", "街道")).all(), units


def test_a_town_page_heads_its_units_column_with_village(monkeypatch, demo_dir):
    app = open_page(monkeypatch, demo_dir)
    (units,) = unit_tables(app)
    assert "村" in units.columns and "乡镇" not in units.columns
    assert units["村"].str.endswith("村").sum() >= 5  # the town's villages (and its farms)
