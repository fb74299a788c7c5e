"""Boundary files keyed by name, as people have them (ECharts' and DataV's maps), on /map.

The county layer is Anhui's real one from ECharts' map data (`data/reference/maps/`), keyed by
NAME only: 明光市, 天长市, and 滁州 for the prefecture. A small two-county demo (天长市 and 明光市,
the real towns and villages of both) is built once for the page tests.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from streamlit.testing.v1 import AppTest

from dashboard import geo
from dashboard.demo import scaled
from dashboard.demo.build import build_scaled_demo
from dashboard.demo.geometry import REAL_LAYERS, REAL_MAPS_DIR
from tests import pages

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
PAGE = "views/village_map.py"
METRIC = "EPSG:32650"
# Published land areas (km², 明光市 and 天长市 government figures): the shapes must be theirs.
PUBLISHED_KM2 = {"341182": 2335, "341181": 1770}


def villages_in(codes: list[str]) -> gpd.GeoDataFrame:
    """A stand-in village layer: one small square per code (only the codes matter here)."""
    return gpd.GeoDataFrame(
        {"village_code": codes, "village_name": codes},
        geometry=[
            shapely.box(118 + i * 0.01, 32, 118.005 + i * 0.01, 32.005) for i in range(len(codes))
        ],
        crs="EPSG:4326",
    )


def km2(frame: gpd.GeoDataFrame) -> list[float]:
    return (frame.to_crs(METRIC).area / 1e6).round().tolist()


@pytest.fixture
def maps_dir(tmp_path: Path) -> Path:
    for stem, file_name in REAL_LAYERS.items():
        shutil.copy(REAL_MAPS_DIR / file_name, tmp_path / f"{stem}.geojson")
    return tmp_path


def test_a_county_layer_keyed_by_name_gives_each_county_its_real_shape(maps_dir):
    villages = villages_in(["341181100200", "341182108200", "341182110201"])
    counties = geo.area_boundaries(villages, "county", maps_dir=maps_dir)
    assert counties["code"].tolist() == ["341181", "341182"]  # 105 features, two in the data
    for code, area in zip(counties["code"], km2(counties), strict=True):
        assert area == pytest.approx(PUBLISHED_KM2[code], rel=0.1), code


def test_a_prefecture_layer_named_without_its_suffix(maps_dir):
    prefectures = geo.area_boundaries(
        villages_in(["341182108200"]), "prefecture", maps_dir=maps_dir
    )
    assert prefectures["code"].tolist() == ["3411"]  # the feature is named 滁州, not 滁州市
    assert km2(prefectures)[0] == pytest.approx(13_398, rel=0.1)  # 滁州市's published area


def test_datav_adcodes_stand_for_prefecture_codes(tmp_path):
    chuzhou = gpd.read_file(REAL_MAPS_DIR / REAL_LAYERS["prefectures"])
    chuzhou = chuzhou[chuzhou["name"] == "滁州"].assign(adcode=341100, name="滁州市")
    chuzhou.to_file(tmp_path / "prefectures.geojson")
    prefectures = geo.area_boundaries(
        villages_in(["341182108200"]), "prefecture", maps_dir=tmp_path
    )
    assert prefectures["code"].tolist() == ["3411"]


def test_a_layer_whose_names_fit_no_unit_says_so_in_both_languages(tmp_path):
    gpd.GeoDataFrame(
        {"name": ["某某县", "另一县"]},
        geometry=[shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)],
        crs="EPSG:4326",
    ).to_file(tmp_path / "counties.geojson")
    with pytest.raises(geo.BoundaryKeyMissing) as raised:
        geo.area_boundaries(villages_in(["341182108200"]), "county", maps_dir=tmp_path)
    assert "某某县" in raised.value.message("zh") and "明光市" in raised.value.message("zh")
    assert "official name" in raised.value.message("en")


def test_villages_named_as_the_official_list_names_them(tmp_path):
    """A village file from the land bureau writes 荷花村委会 where the register says 荷花村."""
    official = {
        "341182108200": "荷花村委会",
        "341182108201": "冯郢村民委员会",
        "341182108001": "明珠社区居委会",
    }
    gpd.GeoDataFrame(
        {"村名": list(official.values())},
        geometry=[shapely.box(118 + i * 0.01, 32, 118.01 + i * 0.01, 32.01) for i in range(3)],
        crs="EPSG:4326",
    ).to_file(tmp_path / "villages.geojson")
    register = pd.DataFrame(
        {"village_code": list(official), "village_name": ["荷花村", "冯郢村", "明珠社区"]}
    )
    result = geo.load_boundaries(tmp_path / "villages.geojson", register)
    assert sorted(result.gdf["village_code"]) == sorted(official)
    assert result.unmatched_features == [] and result.villages_without_geometry == []


# ----------------------------------------------------------------------------- the page
@pytest.fixture(scope="module")
def two_counties(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """天长市 and 明光市 (codes 34118x) with their real towns, three a county, few households."""
    data_dir = tmp_path_factory.mktemp("two-counties") / "data"
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(scaled.SCALES, "pair", scaled.Scale("pair", "34118", (3, 3), 60, 7))
        build_scaled_demo(data_dir, "pair")
    return data_dir


def test_the_demos_villages_fill_their_real_counties(two_counties):
    """Synthetic village cells tile each real county outline: no gap, no overlap, no spill."""
    cells = gpd.read_file(two_counties / "maps" / "villages.geojson")
    assert shapely.coverage_is_valid(cells.to_crs(METRIC).geometry.to_numpy())
    per_county = cells.assign(county=cells["village_code"].str[:6]).dissolve(by="county")
    assert sorted(per_county.index) == ["341181", "341182"]
    for code, area in zip(per_county.index, km2(per_county), strict=True):
        assert area == pytest.approx(PUBLISHED_KM2[code], rel=0.1), code


def run_map(monkeypatch, data_dir: Path, maps: Path | None, **query_params: str) -> AppTest:
    pages.use_maps(monkeypatch, maps)
    return pages.open_through_app(monkeypatch, data_dir, PAGE, query_params, timeout=180)


def test_the_demos_counties_are_drawn_from_the_layer_keyed_by_name(monkeypatch, two_counties):
    written = gpd.read_file(two_counties / "maps" / "counties.geojson")
    assert list(written.columns) == ["name", "geometry"]  # no code column: names only
    app = run_map(monkeypatch, two_counties, None, area="3411")
    assert not app.exception
    assert not app.warning, [w.value for w in app.warning]
    assert any("滁州市" in header.value for header in app.subheader)
    spec = app.get("plotly_chart")[0].proto.spec
    assert "341181" in spec and "341182" in spec


def test_an_unusable_county_layer_is_a_message_not_a_crash(monkeypatch, two_counties, tmp_path):
    shutil.copy(two_counties / "maps" / "villages.geojson", tmp_path / "villages.geojson")
    gpd.GeoDataFrame(
        {"name": ["某某县"]}, geometry=[shapely.box(118, 32, 119, 33)], crs="EPSG:4326"
    ).to_file(tmp_path / "counties.geojson")
    app = run_map(monkeypatch, two_counties, tmp_path, area="3411")
    assert not app.exception
    assert any("图层文件" in w.value and "某某县" in w.value for w in app.warning)
    app = run_map(monkeypatch, two_counties, tmp_path, area="3411", lang="en")
    assert not app.exception
    assert any("layer file" in w.value and "某某县" in w.value for w in app.warning)
