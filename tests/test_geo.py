"""Tests for dashboard.geo: boundary files in the formats, CRSs and encodings towns really have.

Every file is written for real into tmp_path from the demo town's synthetic geometry: the
GeoJSON as the demo ships it, a Shapefile in CGCS2000 Gauss-Krüger metres with Chinese column
names and a GBK DBF, and a GeoPackage keyed by 区划代码.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from dashboard.demo.geometry import DEMO_UNITS, write_demo_geometry
from dashboard.errors import TuopinError
from dashboard.geo import (
    BoundaryCrsUnknown,
    BoundaryError,
    BoundaryFileMissing,
    BoundaryFileUnreadable,
    BoundaryKeyMissing,
    find_boundary_file,
    load_boundaries,
    load_water,
)

METRIC = "EPSG:32650"  # areas are compared in metres, never in degrees
GAUSS_KRUGER = "EPSG:4549"  # CGCS2000 / 3-degree Gauss-Kruger CM 120E: what land bureaus send
MAPPED = {code: name for code, name, kind in DEMO_UNITS if kind in {"village", "water_village"}}
UNMAPPED = [code for code, _, kind in DEMO_UNITS if kind not in {"village", "water_village"}]
BOGUS_CODE, BOGUS_NAME = "341182108999", "湖东村"


@pytest.fixture(scope="module")
def original(demo_maps: Path) -> gpd.GeoDataFrame:
    return gpd.read_file(demo_maps / "villages.geojson")


@pytest.fixture(scope="module")
def villages() -> pd.DataFrame:
    return pd.DataFrame(
        [(code, name) for code, name, _ in DEMO_UNITS], columns=["village_code", "village_name"]
    )


def _with_bogus_feature(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The demo villages plus one feature that is no village of the town (a square in a lake)."""
    minx, miny, _, _ = gdf.total_bounds
    bogus = gpd.GeoDataFrame(
        {"village_code": [BOGUS_CODE], "village_name": [BOGUS_NAME], "kind": ["village"]},
        geometry=[box(minx - 0.01, miny - 0.01, minx - 0.005, miny - 0.005)],
        crs=gdf.crs,
    )
    return pd.concat([gdf[["village_code", "village_name", "kind", "geometry"]], bogus])


def _write_geojson(gdf: gpd.GeoDataFrame, folder: Path) -> Path:
    path = folder / "villages.geojson"
    _with_bogus_feature(gdf).to_file(path, driver="GeoJSON")
    return path


def _write_shapefile(gdf: gpd.GeoDataFrame, folder: Path) -> Path:
    """Gauss-Krüger metres, names only (村名), GBK DBF, and no .cpg: as county GIS exports come.

    Two names carry a stray space and a full-width space, which matching must see through.
    """
    layer = _with_bogus_feature(gdf).drop(columns=["village_code"]).to_crs(GAUSS_KRUGER)
    layer = layer.rename(columns={"village_name": "村名"})
    layer["村名"] = layer["村名"].replace({"荷花村": "荷花村 ", "冯郢村": "冯\u3000郢村"})
    path = folder / "边界.shp"
    layer.to_file(path, encoding="gbk")
    path.with_suffix(".cpg").unlink(missing_ok=True)  # without it GDAL would decode correctly
    return path


def _write_geopackage(gdf: gpd.GeoDataFrame, folder: Path) -> Path:
    layer = _with_bogus_feature(gdf).rename(columns={"village_code": "区划代码"})
    path = folder / "村界.gpkg"
    layer.drop(columns=["village_name"]).to_crs(GAUSS_KRUGER).to_file(path, layer="村界")
    return path


WRITERS = {
    "geojson": _write_geojson,
    "shapefile": _write_shapefile,
    "geopackage": _write_geopackage,
}


@pytest.fixture(scope="module", params=list(WRITERS))
def loaded(request, original, villages, tmp_path_factory):
    path = WRITERS[request.param](original, tmp_path_factory.mktemp(request.param))
    return request.param, load_boundaries(path, villages)


def test_nine_villages_matched_with_register_names(loaded):
    _, result = loaded
    assert dict(zip(result.gdf["village_code"], result.gdf["village_name"], strict=True)) == MAPPED
    assert list(result.gdf.columns) == ["village_code", "village_name", "geometry"]
    assert result.gdf.crs == "EPSG:4326"


def test_units_without_geometry_and_bogus_feature_reported(loaded):
    _, result = loaded
    assert result.villages_without_geometry == UNMAPPED
    assert len(result.unmatched_features) == 1
    assert result.unmatched_features[0].startswith("#10 ")
    assert BOGUS_CODE in result.unmatched_features[0] or BOGUS_NAME in result.unmatched_features[0]


def test_keys_crs_and_encoding_as_expected(loaded):
    kind, result = loaded
    expected = {
        "geojson": ("village_code", "EPSG:4326", None),
        "shapefile": ("村名", GAUSS_KRUGER, "gbk"),
        "geopackage": ("区划代码", GAUSS_KRUGER, None),
    }
    assert (result.matched_by, result.source_crs, result.encoding) == expected[kind]
    assert not result.crs_assumed


def test_reprojected_back_to_the_town(loaded):
    _, result = loaded
    minx, miny, maxx, maxy = result.gdf.total_bounds
    assert 118.1 < minx < maxx < 118.5
    assert 32.9 < miny < maxy < 33.1


def test_simplified_fewer_vertices_same_area(loaded, original):
    _, result = loaded
    before = original.set_index("village_code").to_crs(METRIC)
    after = result.gdf.set_index("village_code").to_crs(METRIC).loc[before.index]
    assert after.count_coordinates().sum() < before.count_coordinates().sum()
    assert (after.count_coordinates() <= before.count_coordinates()).all()
    ratio = after.area / before.area
    assert ratio.between(0.98, 1.02).all(), ratio.to_dict()


def test_simplified_neighbours_stay_edge_to_edge(loaded):
    """Shared edges are simplified once, so villages neither overlap nor open gaps."""
    _, result = loaded
    metric = result.gdf.to_crs(METRIC)
    union = metric.union_all()
    assert abs(union.area - metric.area.sum()) < 0.001 * union.area  # no overlaps
    assert len(getattr(union, "geoms", [union])) == 1  # one town, no slivers between villages


def test_gbk_shapefile_with_cpg_reads_without_retry(original, villages, tmp_path):
    """When a .cpg says GBK, GDAL decodes the names itself and no retry is needed."""
    layer = original.rename(columns={"village_name": "村名"}).drop(columns=["village_code"])
    path = tmp_path / "villages.shp"
    layer.to_crs(GAUSS_KRUGER).to_file(path, encoding="gbk")
    assert path.with_suffix(".cpg").exists()
    result = load_boundaries(path, villages)
    assert set(result.gdf["village_name"]) == set(MAPPED.values())
    assert result.encoding is None


def test_name_column_given_by_caller(original, villages, tmp_path):
    layer = original.rename(columns={"village_name": "自然村"}).drop(columns=["village_code"])
    path = tmp_path / "villages.gpkg"
    layer.to_file(path)
    result = load_boundaries(path, villages, name_column="自然村")
    assert result.matched_by == "自然村"
    assert set(result.gdf["village_code"]) == set(MAPPED)


def test_numeric_codes_from_a_dbf_still_match(original, villages, tmp_path):
    layer = gpd.GeoDataFrame(
        {"村代码": original["village_code"].astype("int64")}, geometry=original.geometry
    )
    path = tmp_path / "villages.shp"
    layer.to_file(path, encoding="gbk")
    result = load_boundaries(path, villages)
    assert result.matched_by == "村代码"
    assert set(result.gdf["village_code"]) == set(MAPPED)


def _dbf_ready(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The demo layer with its key cut to 10 characters, as the DBF format itself would do."""
    return gdf[["village_code", "geometry"]].rename(columns={"village_code": "village_co"})


def test_lonlat_without_crs_is_assumed_wgs84(original, villages, tmp_path):
    path = tmp_path / "villages.shp"
    _dbf_ready(original).to_file(path, encoding="utf-8")
    path.with_suffix(".prj").unlink()
    result = load_boundaries(path, villages)
    assert result.matched_by == "village_co"
    assert result.crs_assumed and result.source_crs == "EPSG:4326"
    assert len(result.gdf) == 9


# --- errors ------------------------------------------------------------------------------------


def _assert_bilingual(error: TuopinError, *fragments: str) -> None:
    """Both languages present, and each names the same file (or other detail) it is about."""
    assert isinstance(error, BoundaryError) and isinstance(error, TuopinError)
    assert any("\u4e00" <= char <= "\u9fff" for char in error.message_zh)
    assert error.message_en.startswith(("The ", "Cannot ", "Boundary "))
    for fragment in fragments:
        assert fragment in error.message_zh and fragment in error.message_en


def test_missing_file(villages, tmp_path):
    path = tmp_path / "villages.geojson"
    with pytest.raises(BoundaryFileMissing) as caught:
        load_boundaries(path, villages)
    _assert_bilingual(caught.value, str(path))
    assert "not found" in caught.value.message_en


def test_unreadable_file(villages, tmp_path):
    path = tmp_path / "villages.geojson"
    path.write_text("this is not geojson", encoding="utf-8")
    with pytest.raises(BoundaryFileUnreadable) as caught:
        load_boundaries(path, villages)
    _assert_bilingual(caught.value, str(path))


def test_no_key_column(original, villages, tmp_path):
    path = tmp_path / "villages.geojson"
    original[["kind", "geometry"]].to_file(path, driver="GeoJSON")
    with pytest.raises(BoundaryKeyMissing) as caught:
        load_boundaries(path, villages)
    _assert_bilingual(caught.value, str(path), "village_code", "kind")


def test_projected_coordinates_without_crs(original, villages, tmp_path):
    path = tmp_path / "villages.shp"
    _dbf_ready(original).to_crs(GAUSS_KRUGER).to_file(path, encoding="utf-8")
    path.with_suffix(".prj").unlink()
    with pytest.raises(BoundaryCrsUnknown) as caught:
        load_boundaries(path, villages)
    _assert_bilingual(caught.value, str(path), ".prj", "EPSG:4549")


def test_unknown_name_column(original, villages, tmp_path):
    path = tmp_path / "villages.geojson"
    original.to_file(path, driver="GeoJSON")
    with pytest.raises(BoundaryKeyMissing) as caught:
        load_boundaries(path, villages, name_column="村名")
    _assert_bilingual(caught.value, str(path), "村名")


# --- finding files and the water layer ---------------------------------------------------------


def test_find_prefers_villages_and_ignores_water(demo_maps, tmp_path):
    assert find_boundary_file(demo_maps) == demo_maps / "villages.geojson"
    (tmp_path / "water.geojson").write_text("{}", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("", encoding="utf-8")
    assert find_boundary_file(tmp_path) is None
    (tmp_path / "边界.shp").write_bytes(b"")
    assert find_boundary_file(tmp_path) == tmp_path / "边界.shp"
    (tmp_path / "Villages.gpkg").write_bytes(b"")
    assert find_boundary_file(tmp_path) == tmp_path / "Villages.gpkg"
    assert find_boundary_file(tmp_path / "absent") is None


def test_load_water(demo_maps, tmp_path):
    water = load_water(demo_maps)
    assert water is not None and water.crs == "EPSG:4326"
    assert list(water["name"]) == ["女山湖", "七里湖", "淮河"]
    assert list(water["kind"]) == ["lake", "lake", "river"]
    assert load_water(tmp_path) is None


# --- where the maps folder is ------------------------------------------------------------------


def test_maps_dir_from_the_environment_wins(monkeypatch, tmp_path):
    from dashboard.geo import maps_dir_for

    (tmp_path / "data" / "maps").mkdir(parents=True)
    monkeypatch.setenv("TUOPIN_MAPS", str(tmp_path / "elsewhere"))
    assert maps_dir_for(tmp_path / "data") == tmp_path / "elsewhere"


def test_maps_dir_inside_the_data_dir(monkeypatch, tmp_path):
    from dashboard.geo import maps_dir_for

    monkeypatch.delenv("TUOPIN_MAPS", raising=False)
    (tmp_path / "data" / "maps").mkdir(parents=True)
    write_demo_geometry(tmp_path / "maps")  # beside it too: inside still wins
    assert maps_dir_for(tmp_path / "data") == tmp_path / "data" / "maps"


def test_maps_dir_beside_the_data_dir_only_with_a_boundary_file(monkeypatch, tmp_path):
    from dashboard.geo import maps_dir_for
    from dashboard.snapshots import PROJECT_ROOT

    monkeypatch.delenv("TUOPIN_MAPS", raising=False)
    (tmp_path / "data").mkdir()
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "notes.txt").write_text("no boundaries here")
    assert maps_dir_for(tmp_path / "data") == PROJECT_ROOT / "maps" / "data"
    write_demo_geometry(tmp_path / "maps")
    assert maps_dir_for(tmp_path / "data") == tmp_path / "maps"


def test_maps_dir_in_the_project_by_data_dir_name(monkeypatch, tmp_path):
    from dashboard.geo import maps_dir_for
    from dashboard.snapshots import PROJECT_ROOT

    monkeypatch.setenv("TUOPIN_MAPS", "")  # set but empty counts as unset
    assert maps_dir_for(tmp_path / "data" / "demo") == PROJECT_ROOT / "maps" / "demo"


def test_maps_identity_changes_with_a_file(tmp_path):
    from dashboard.geo import maps_identity

    assert maps_identity(tmp_path / "missing") == ()
    write_demo_geometry(tmp_path)
    before = maps_identity(tmp_path)
    assert {name for name, _, _ in before} >= {"villages.geojson", "water.geojson"}
    (tmp_path / "villages.geojson").write_text("{}")
    assert maps_identity(tmp_path) != before
