"""Tests for the synthetic demo map geometry of 女山湖镇."""

import itertools

import geopandas as gpd
import pytest
from geopandas.testing import assert_geodataframe_equal

from dashboard.demo.geometry import DEMO_UNITS, build_demo_layers, write_demo_geometry

METRIC = "EPSG:32650"  # areas and overlaps are judged in metres, never in degrees
MAPPED_KINDS = {"village", "water_village"}
EXPECTED = {code: (name, kind) for code, name, kind in DEMO_UNITS if kind in MAPPED_KINDS}
UNMAPPED = {code for code, _, kind in DEMO_UNITS if kind not in MAPPED_KINDS}


@pytest.fixture(scope="module")
def layers():
    return build_demo_layers()


@pytest.fixture(scope="module")
def metric(layers):
    return {name: gdf.to_crs(METRIC) for name, gdf in layers.items()}


def test_two_builds_are_identical(layers):
    again = build_demo_layers()
    assert again.keys() == layers.keys() == {"villages", "lakes", "rivers"}
    for name in layers:
        assert_geodataframe_equal(again[name], layers[name], check_less_precise=False)
        assert list(again[name].geometry.to_wkb()) == list(layers[name].geometry.to_wkb())


def test_demo_units_list():
    assert len(DEMO_UNITS) == 11
    assert len(EXPECTED) == 9 and len(UNMAPPED) == 2
    assert all(code.startswith("341182108") and len(code) == 12 for code, _, _ in DEMO_UNITS)


def test_villages_are_the_nine_mapped_units(layers):
    v = layers["villages"]
    assert v["village_code"].is_unique
    assert set(v["village_code"]) == set(EXPECTED)
    assert not set(v["village_code"]) & UNMAPPED  # shipping company and fishery: no geometry
    for row in v.itertuples():
        assert (row.village_name, row.kind) == EXPECTED[row.village_code]
    assert v.geom_type.isin(["Polygon", "MultiPolygon"]).all()
    assert v.is_valid.all() and not v.is_empty.any()


def test_every_feature_says_it_is_synthetic(layers):
    for gdf in layers.values():
        assert gdf["source"].str.contains("synthetic").all()
        assert gdf["source"].str.contains("非真实").all()


def test_all_layers_are_wgs84_and_inside_the_town(layers):
    for gdf in layers.values():
        assert gdf.crs == "EPSG:4326"
        assert gdf.is_valid.all() and not gdf.is_empty.any()
        minx, miny, maxx, maxy = gdf.total_bounds
        assert 118.1 <= minx < maxx <= 118.5
        assert 32.85 <= miny < maxy <= 33.15


def test_village_polygons_do_not_overlap(metric):
    v = metric["villages"]
    pairs = itertools.combinations(zip(v["village_code"], v.geometry, strict=True), 2)
    for (ca, ga), (cb, gb) in pairs:
        assert ga.intersection(gb).area < 1.0, (ca, cb)  # m²; only rounding specks allowed


def test_land_villages_tile_a_small_land_area(metric):
    v = metric["villages"]
    land = v[v["kind"] == "village"]
    assert len(land) == 7
    total_km2 = land.area.sum() / 1e6
    assert 10 <= total_km2 <= 16
    union = land.union_all()
    # No gaps: the villages merge into one piece of land without holes, of the summed area.
    assert union.geom_type == "Polygon" and len(union.interiors) == 0
    assert union.area == pytest.approx(land.area.sum(), rel=1e-6)
    # Every land village shares a border with at least one neighbour.
    geoms = list(land.geometry)
    for i, geom in enumerate(geoms):
        shared = max(geom.intersection(o).length for j, o in enumerate(geoms) if j != i)
        assert shared > 100  # metres of common border


def test_water_villages_lie_on_the_lake_next_to_the_land(metric):
    v = metric["villages"]
    land = v[v["kind"] == "village"].union_all()
    lakes = metric["lakes"].union_all()
    water_villages = v[v["kind"] == "water_village"]
    assert len(water_villages) == 2
    for geom in water_villages.geometry:
        assert geom.distance(land) < 1.0  # on the shore
        assert geom.intersection(lakes).area > 0.5 * geom.area  # mostly water


def test_water_layer(layers, metric):
    lakes, rivers = layers["lakes"], layers["rivers"]
    assert set(lakes["name"]) == {"女山湖", "七里湖"} and (lakes["kind"] == "lake").all()
    assert list(rivers["name"]) == ["淮河"] and (rivers["kind"] == "river").all()

    v = metric["villages"]
    land = v[v["kind"] == "village"]
    land_union = land.union_all()
    for geom in metric["lakes"].geometry:
        assert geom.intersection(land_union).area < 100.0  # m²; tiny tolerance for snapping

    # The town is mostly water: lakes dwarf the land.
    assert metric["lakes"].area.sum() > 5 * land.area.sum()
    # 女山湖 is the big one.
    areas = dict(zip(lakes["name"], metric["lakes"].area, strict=True))
    assert areas["女山湖"] > areas["七里湖"]

    # The river is a ribbon ~300 m wide: width ≈ 2·area / perimeter for a long thin polygon.
    river = metric["rivers"].geometry.iloc[0]
    assert 250 < 2 * river.area / river.length < 350
    # ... and lies east of the land.
    assert river.centroid.x > land_union.bounds[2]


def test_write_demo_geometry_round_trips(tmp_path, layers):
    out_dir = tmp_path / "maps" / "demo"  # does not exist yet
    paths = write_demo_geometry(out_dir)
    names = {p.name for p in paths}
    assert {"villages.geojson", "water.geojson", "README.md"} <= names
    assert all(p.parent == out_dir and p.is_file() for p in paths)

    villages = gpd.read_file(out_dir / "villages.geojson")
    assert villages.crs == "EPSG:4326"
    assert sorted(villages["village_code"]) == sorted(layers["villages"]["village_code"])
    merged = villages.merge(
        layers["villages"][["village_code", "geometry"]], on="village_code", suffixes=("", "_b")
    )
    # RFC 7946 may rewind rings, so compare normalized shapes; coordinates must survive as-is.
    for a, b in zip(merged.geometry, merged["geometry_b"], strict=True):
        assert a.normalize().equals_exact(b.normalize(), 1e-9)

    water = gpd.read_file(out_dir / "water.geojson")
    assert water.crs == "EPSG:4326"
    assert sorted(water["name"]) == sorted(["女山湖", "七里湖", "淮河"])
    assert water["source"].str.contains("synthetic").all()

    readme = (out_dir / "README.md").read_text(encoding="utf-8")
    assert "synthetic" in readme and "write_demo_geometry" in readme


def test_written_files_are_reproducible(tmp_path):
    first = write_demo_geometry(tmp_path / "a")
    second = write_demo_geometry(tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    # Rewriting into a folder that already holds the files replaces them cleanly.
    again = write_demo_geometry(tmp_path / "a")
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in second]
