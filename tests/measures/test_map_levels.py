"""Maps above the village on the county demo: dissolved towns and county, the figure, the page."""

from __future__ import annotations

import json
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from streamlit.testing.v1 import AppTest

from dashboard import geo
from dashboard.charts.map import village_map
from dashboard.measures import map_levels

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
PAGE = "views/village_map.py"
COUNTY = "341182"


@pytest.fixture(scope="module")
def village_shapes(county_dir: Path) -> gpd.GeoDataFrame:
    path = geo.find_boundary_file(county_dir / "maps")
    raw = gpd.read_file(path)
    return geo.load_boundaries(path, raw[["village_code", "village_name"]]).gdf


def metric_area(frame: gpd.GeoDataFrame) -> float:
    return float(frame.to_crs(frame.estimate_utm_crs()).area.sum())


def test_towns_dissolve_into_one_shape_each_covering_their_villages(village_shapes):
    towns = geo.dissolve_villages(village_shapes, 9, geo.LEVEL_SIMPLIFY_M["town"])
    expected = sorted(set(village_shapes["village_code"].str[:9]))
    assert towns["code"].tolist() == expected and len(expected) == 15
    assert towns.geometry.is_valid.all()
    assert shapely.coverage_is_valid(towns.geometry.to_numpy())  # no overlaps between towns
    # Simplification moves edges by tens of metres only: the area is kept to a tenth of a per cent.
    assert metric_area(towns) == pytest.approx(metric_area(village_shapes), rel=1e-3)
    for code, town in zip(towns["code"], towns.geometry, strict=True):
        villages = village_shapes[village_shapes["village_code"].str.startswith(code)]
        inside = shapely.intersection(villages.union_all(), town).area
        assert inside / villages.union_all().area > 0.99


def test_the_county_dissolves_into_one_polygon(village_shapes):
    county = geo.dissolve_villages(village_shapes, 6, geo.LEVEL_SIMPLIFY_M["county"])
    assert county["code"].tolist() == [COUNTY]
    assert county.geometry.iloc[0].geom_type == "Polygon"  # the demo's cells leave no gap


def test_dissolve_is_cached_by_the_boundary_files_identity(village_shapes, tmp_path):
    cold_started = time.perf_counter()
    cold = geo.area_boundaries(village_shapes, "town", cache_dir=tmp_path, cache_key="a")
    cold_seconds = time.perf_counter() - cold_started
    files = list(tmp_path.rglob("town.parquet"))
    assert len(files) == 1
    cached_started = time.perf_counter()
    cached = geo.area_boundaries(village_shapes.iloc[:0], "town", cache_dir=tmp_path, cache_key="a")
    cached_seconds = time.perf_counter() - cached_started
    assert cached["code"].tolist() == cold["code"].tolist()  # read back, not dissolved again
    assert cached.geometry.geom_equals_exact(cold.geometry, 1e-9).all()
    other = geo.area_boundaries(village_shapes.iloc[:20], "town", cache_dir=tmp_path, cache_key="b")
    assert len(other) < len(cold)  # another key: another file
    print(
        f"dissolve county towns: cold {cold_seconds * 1000:.0f} ms, cached {cached_seconds * 1000:.0f} ms"
    )


def test_a_town_layer_in_the_maps_folder_is_used_instead_of_dissolving(village_shapes, tmp_path):
    towns = geo.dissolve_villages(village_shapes, 9, 60.0).iloc[:3]
    towns.rename(columns={"code": "town_code"}).to_file(tmp_path / "towns.geojson")
    shapes = geo.area_boundaries(village_shapes, "town", maps_dir=tmp_path)
    assert shapes["code"].tolist() == towns["code"].tolist()
    assert geo.find_boundary_file(tmp_path) is None  # a town layer is not a village file


def units_frame(codes: list[str], values: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {"village_code": codes, "village_name": [f"单位{c[-3:]}" for c in codes], "n": values}
    )


def test_figure_of_the_county_names_every_town_and_keeps_five_classes(village_shapes):
    towns = geo.dissolve_villages(village_shapes, 9, 60.0)
    boundaries = towns.rename(columns={"code": "village_code"}).assign(
        village_name=lambda frame: "镇" + frame["village_code"].str[-3:]
    )
    values = units_frame(boundaries["village_code"].tolist(), list(range(15)))
    figure = village_map(
        boundaries, values, measure_column="n", measure_label="未脱贫户", water=None, label_limit=30
    )
    labels = next(trace for trace in figure.data if trace.name == "labels")
    assert list(labels.customdata) == boundaries["village_code"].tolist()
    assert all(name.startswith("镇") for name in labels.text)
    assert len(figure.layout.meta["classes"]) == 5
    assert not [trace for trace in figure.data if trace.name == "unnamed"]


def test_two_hundred_units_name_only_the_largest_and_hover_the_rest():
    rng = np.random.default_rng(1)
    sizes = rng.uniform(0.01, 0.2, 200)
    shapes = [
        shapely.box(i % 20, i // 20, i % 20 + s * 4, i // 20 + s * 4) for i, s in enumerate(sizes)
    ]
    codes = [f"34{i:04d}" for i in range(200)]
    boundaries = gpd.GeoDataFrame(
        {"village_code": codes, "village_name": [f"县{i}" for i in range(200)]},
        geometry=shapes,
        crs="EPSG:4326",
    )
    figure = village_map(
        boundaries,
        units_frame(codes, rng.integers(0, 500, 200).tolist()),
        measure_column="n",
        measure_label="未脱贫户",
        water=None,
        label_limit=30,
    )
    labels = next(trace for trace in figure.data if trace.name == "labels")
    unnamed = next(trace for trace in figure.data if trace.name == "unnamed")
    assert len(labels.text) == 30
    largest = {codes[i] for i in np.argsort(-sizes)[:30]}
    assert set(labels.customdata) == largest
    assert set(unnamed.customdata) == set(codes) - largest  # the rest: a point to hover, click
    assert all("未脱贫户" in text for text in unnamed.hovertext)
    assert len(figure.layout.meta["classes"]) == 5
    size = len(figure.to_json())
    print(f"200 units: figure JSON {size / 1024:.0f} KiB")


def test_levels_of_the_county_demo(county_dir):
    codes = pd.read_parquet(
        county_dir / "snapshots" / "snapshot_date=2018-06-30" / "villages.parquet"
    )["village_code"].tolist()
    assert map_levels.shown_area("", codes) == COUNTY  # one province, one prefecture: skipped
    assert map_levels.unit_digits(COUNTY) == 9
    town = codes[0][:9]
    assert map_levels.shown_area(town, codes) == town and map_levels.unit_digits(town) == 12
    assert map_levels.up_area(town, codes) == COUNTY
    assert map_levels.up_area(COUNTY, codes) is None  # the top of this data directory


def run_map(monkeypatch, data_dir: Path, **query_params: str) -> AppTest:
    monkeypatch.setenv("TUOPIN_DATA", str(data_dir))
    monkeypatch.delenv("TUOPIN_MAPS", raising=False)
    app = AppTest.from_file(APP, default_timeout=120)
    for key, value in query_params.items():
        app.query_params[key] = value
    app.run()
    app.switch_page(PAGE)
    return app.run()


def chart_json(app: AppTest) -> dict:
    return json.loads(app.get("plotly_chart")[0].proto.spec)


def test_page_at_county_level_draws_towns_and_drills_in(monkeypatch, county_dir):
    app = run_map(monkeypatch, county_dir, area=COUNTY)
    assert not app.exception
    assert any("明光市" in header.value and "15" in header.value for header in app.subheader)
    figure = chart_json(app)
    labels = next(trace for trace in figure["data"] if trace.get("name") == "labels")
    assert len(labels["customdata"]) == 15
    town = sorted(labels["customdata"])[0]
    app.selectbox(key="map_area_picker").select(town).run()
    assert not app.exception
    assert app.query_params["area"] == [town] or app.query_params["area"] == town
    # The way back up: the map's own button, or the sidebar's breadcrumb (the county is the
    # whole of this data directory, so the breadcrumb names it 全部数据).
    up = [b for b in app.button if "明光市" in b.label or b.label == "全部数据"]
    assert up, [b.label for b in app.button]


def test_page_at_town_level_of_the_county_shows_its_villages(monkeypatch, county_dir):
    codes = pd.read_parquet(
        county_dir / "snapshots" / "snapshot_date=2018-06-30" / "villages.parquet"
    )["village_code"].tolist()
    town = sorted(codes)[0][:9]
    app = run_map(monkeypatch, county_dir, area=town)
    assert not app.exception
    villages_of_town = sorted(code for code in codes if code.startswith(town))
    options = [code for code in app.selectbox(key="village").options]
    assert len(options) == len(villages_of_town) + 1  # (none chosen) and its villages only
    labels = next(trace for trace in chart_json(app)["data"] if trace.get("name") == "labels")
    assert sorted(labels["customdata"]) == villages_of_town
    app.button[0].click().run()
    assert app.query_params["area"] in (COUNTY, [COUNTY], "", [""])  # the county: all the data


def test_county_towns_figure_size(monkeypatch, county_dir):
    app = run_map(monkeypatch, county_dir, area=COUNTY)
    size = len(app.get("plotly_chart")[0].proto.spec)
    print(f"county map of 15 towns: {size / 1024:.0f} KiB of figure JSON")
    assert size < 1_000_000


def test_a_units_digest_tells_lists_apart_and_is_short():
    from dashboard.geo import units_digest

    units = tuple((f"3411821082{n:02d}", f"村{n}") for n in range(20))
    assert units_digest(units) == units_digest(tuple(units))
    assert units_digest(units) != units_digest(units[:-1])
    renamed = (*units[:-1], (units[-1][0], "别的村"))
    assert units_digest(units) != units_digest(renamed)
    assert units_digest((("ab", "c"),)) != units_digest((("a", "bc"),))
    assert len(units_digest(units)) == 64
