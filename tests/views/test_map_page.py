"""The village map page (/map) driven headless with AppTest: demo, both languages, no map, empty."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests import pages

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
PAGE = "views/village_map.py"
TIMEOUT_SECONDS = 60  # the first run opens DuckDB and reads the boundary file
SHANNAN = "341182108206"


def run_map(monkeypatch, data_dir: Path, maps_dir: Path | None, **query_params: str) -> AppTest:
    pages.use_maps(monkeypatch, maps_dir)
    return pages.open_through_app(
        monkeypatch, data_dir, PAGE, query_params, timeout=TIMEOUT_SECONDS
    )


def texts(app: AppTest) -> str:
    parts = [
        element.value
        for kind in ("markdown", "info", "warning", "caption")
        for element in getattr(app, kind)
    ]
    return "\n".join(str(part) for part in parts)


def dataframe_cells(app: AppTest) -> set[str]:
    return {str(cell) for frame in app.dataframe for cell in frame.value.to_numpy().ravel()}


@pytest.fixture(scope="module")
def full_names(demo_sql) -> set[str]:
    rows = demo_sql.sql("select distinct name from members where length(name) > 1").fetchall()
    helpers = demo_sql.sql("select distinct name from helpers where length(name) > 1").fetchall()
    return {row[0] for row in rows + helpers}


def test_map_on_the_demo_lists_units_without_boundary(monkeypatch, demo_dir):
    app = run_map(monkeypatch, demo_dir, demo_dir.parent / "maps")
    assert not app.exception
    assert len(app.get("plotly_chart")) == 1
    shown = texts(app)
    assert "无边界的单位：女山湖航运公司" in shown and "女山湖渔场" in shown
    assert "户" in shown
    assert app.selectbox(key="village").value is None
    assert not app.metric  # no profile until a unit is chosen
    assert app.query_params["measure"] == "not_exited"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_profile_of_shannan_masks_names(monkeypatch, demo_dir, demo_sql, full_names, lang):
    app = run_map(monkeypatch, demo_dir, demo_dir.parent / "maps", lang=lang, village=SHANNAN)
    assert not app.exception
    assert app.selectbox(key="village").value == SHANNAN
    headers = [header.value for header in app.header]
    assert any("山南村" in header for header in headers)
    households = demo_sql.sql(
        "select count(*) from households where snapshot_date = '2018-06-30' "
        "and village_code = ? and status <> 'removed'",
        params=[SHANNAN],
    ).fetchall()[0][0]
    metrics = {metric.label: metric.value for metric in app.metric}
    label = "建档立卡户" if lang == "zh" else "Registered households"
    assert metrics[label] == f"{households:,}"
    frames = [frame.value for frame in app.dataframe]
    assert any(len(frame) == households for frame in frames)  # the household list
    assert not dataframe_cells(app) & full_names
    status = "未脱贫" if lang == "zh" else "Not exited"
    assert status in dataframe_cells(app)


def test_measure_from_the_url_in_english(monkeypatch, demo_dir):
    app = run_map(monkeypatch, demo_dir, demo_dir.parent / "maps", lang="en", measure="incidence")
    assert not app.exception
    assert "Units without a boundary: 女山湖航运公司 1.20%" in texts(app)


def test_unit_without_polygon_opens_its_profile(monkeypatch, demo_dir):
    app = run_map(monkeypatch, demo_dir, demo_dir.parent / "maps", village="341182108401")
    assert not app.exception
    assert any("女山湖渔场" in header.value for header in app.header)


def test_no_boundary_file_says_so_and_still_opens_profiles(monkeypatch, demo_dir, tmp_path):
    app = run_map(monkeypatch, demo_dir, tmp_path / "no-maps", village=SHANNAN)
    assert not app.exception
    assert not app.get("plotly_chart") or all(
        "village_map_chart" not in str(chart.proto) for chart in app.get("plotly_chart")
    )
    assert any("没有找到村界文件" in info.value for info in app.info)
    assert any("山南村" in header.value for header in app.header)


def test_unreadable_boundary_file_is_a_sentence(monkeypatch, demo_dir, tmp_path):
    (tmp_path / "villages.geojson").write_text("this is not GeoJSON")
    app = run_map(monkeypatch, demo_dir, tmp_path)
    assert not app.exception
    assert any("无法读取边界文件" in warning.value for warning in app.warning)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_empty_snapshot_says_so(monkeypatch, empty_dir, lang):
    app = run_map(monkeypatch, empty_dir, None, lang=lang)
    assert not app.exception
    expected = "没有任何村级单位" if lang == "zh" else "no village-level unit"
    assert any(expected in warning.value for warning in app.warning)


def household_links(app: AppTest) -> list[str]:
    """The values of every table column the page shows as a link to /household."""
    values = []
    for frame in app.dataframe:
        config = json.loads(frame.proto.columns or "{}")
        for column, settings in config.items():
            if settings.get("type_config", {}).get("type") == "link":
                values.extend(value for value in frame.value[column] if value is not None)
    return values


def test_the_household_list_links_each_household_to_its_profile(monkeypatch, demo_dir, demo_sql):
    app = run_map(monkeypatch, demo_dir, demo_dir.parent / "maps", village=SHANNAN)
    assert not app.exception
    households = {
        household_id
        for (household_id,) in demo_sql.sql(
            "select household_id from households where snapshot_date = '2018-06-30' "
            "and village_code = ? and status <> 'removed'",
            params=[SHANNAN],
        ).fetchall()
    }
    links = household_links(app)
    assert set(links) == {f"household?household={household_id}" for household_id in households}
