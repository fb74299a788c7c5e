"""Deterministic SYNTHETIC map geometry for the demo township 女山湖镇 (town code 341182108).

None of these shapes are real boundaries / 合成示意边界，非真实界线. They are invented so the
dashboard can draw a plausible map without shipping (or pretending to have) surveyed borders.
Only the gist is taken from reality: a small strip of land (about 13 km² of the town's 186 km²)
near 118.30°E, 32.99°N, with 女山湖 to the west and north, 七里湖 to the south and the 淮河 to
the east.

Shapes are built in metres (UTM zone 50N) so areas can be calibrated, then projected to
EPSG:4326 and snapped to a 1e-6° grid (~0.1 m), so what build_demo_layers() returns is exactly
what write_demo_geometry() writes. A fixed seed makes runs byte-identical (given the same
numpy / GEOS / PROJ versions).
"""

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.affinity
from pyproj import Transformer
from shapely.geometry import LineString, MultiPoint, Polygon

from dashboard import divisions

SOURCE_NOTE = "synthetic demo geometry, not real boundaries / 合成示意边界，非真实界线"
SEED = 20180511
METRIC_CRS = "EPSG:32650"  # UTM 50N covers 114–120°E, so distances/areas are true to <0.1%
CENTER_LONLAT = (118.30, 32.99)
LAND_AREA_M2 = 13.0e6

DEMO_UNITS: tuple[tuple[str, str, str], ...] = (
    ("341182108200", "荷花村", "water_village"),
    ("341182108201", "冯郢村", "village"),
    ("341182108202", "对龙村", "village"),
    ("341182108203", "安淮村", "water_village"),
    ("341182108204", "旧县村", "village"),
    ("341182108205", "山东村", "village"),
    ("341182108206", "山南村", "village"),
    ("341182108207", "光明村", "village"),
    ("341182108208", "赤塘村", "village"),
    ("341182108400", "女山湖航运公司", "shipping_company"),
    ("341182108401", "女山湖渔场", "fishery"),
)

# Shore sectors (degrees, measured around the land's centre before rotation) held by the two
# water villages: 荷花村 fishes the north/west shore of 女山湖, 安淮村 faces 七里湖 and the 淮河.
_WATER_SECTORS = {"荷花村": (55.0, 170.0), "安淮村": (285.0, 345.0)}
_N = 360  # outline vertices; one per degree keeps shapes smooth but files small
_THETA = np.linspace(0.0, 2.0 * np.pi, _N, endpoint=False)


def _wobble(rng: np.random.Generator, amp: float, kmax: int = 40, decay: float = 1.0) -> np.ndarray:
    """Periodic noise around 1.0 over _THETA.

    Random harmonics with a k**-decay fall-off give coastline-like shapes: broad bays from the
    low harmonics, small headlands from the high ones. A smooth radial factor keeps every
    outline star-shaped around its centre, hence always a valid, single polygon.
    """
    k = np.arange(2, kmax + 1)
    a = amp * rng.uniform(0.3, 1.0, k.size) / k**decay
    phase = rng.uniform(0.0, 2.0 * np.pi, k.size)
    f = 1.0 + (a[:, None] * np.sin(k[:, None] * _THETA + phase[:, None])).sum(axis=0)
    return np.clip(f, 0.4, None)


def _rotate(xy: np.ndarray, deg: float) -> np.ndarray:
    c, s = np.cos(np.radians(deg)), np.sin(np.radians(deg))
    return xy @ np.array([[c, s], [-s, c]])


def _blob(rng, center, radii, rot_deg, amp, decay=1.0) -> np.ndarray:
    """Vertices of a noisy, rotated ellipse (metres, relative to the town centre)."""
    f = _wobble(rng, amp, decay=decay)
    xy = np.column_stack([radii[0] * f * np.cos(_THETA), radii[1] * f * np.sin(_THETA)])
    return _rotate(xy, rot_deg) + np.asarray(center, dtype=float)


def _build_metric(rng: np.random.Generator) -> tuple[list, list, list]:
    """All features as (properties, geometry) pairs in metres around the town centre."""
    # --- land: an elongated strip with a ragged shore, scaled to exactly LAND_AREA_M2 -------
    land_xy = _blob(rng, (0, 0), (3200, 1300), 12, amp=0.07, decay=0.8)
    land_xy *= np.sqrt(LAND_AREA_M2 / Polygon(land_xy).area)  # scaling about the origin
    land = Polygon(land_xy)

    # --- the 7 land villages: Voronoi cells clipped to the land --------------------------
    # Seeds run along the strip's long axis, alternating sides, so every village gets a piece
    # of shoreline (as villages on a lake peninsula do) and no cell is a sliver.
    land_units = [u for u in DEMO_UNITS if u[2] == "village"]
    n = len(land_units)
    along = np.linspace(-0.78, 0.78, n) * 3200 + rng.normal(0, 150, n)
    across = np.where(np.arange(n) % 2, 1, -1) * 380 + rng.normal(0, 120, n)
    seeds = _rotate(np.column_stack([along, across]), 12)
    for i, p in enumerate(seeds):  # pull a seed inwards if a bay happened to swallow it
        while not land.contains(shapely.Point(p)):
            seeds[i] = p = p * 0.9
    cells = shapely.voronoi_polygons(MultiPoint(seeds), extend_to=land.buffer(2000)).geoms
    villages = []
    for (code, name, kind), p in zip(land_units, seeds, strict=True):
        # voronoi_polygons' output order is not guaranteed before shapely 2.1: match by seed
        cell = next(c for c in cells if c.contains(shapely.Point(p)))
        villages.append(({"village_code": code, "village_name": name, "kind": kind}, cell & land))

    # --- the 2 water villages: a band of shore water along a sector of the coast -----------
    # The outer edge is pushed out along the same rays as the land outline, so the band shares
    # the land's coastline vertices exactly: no overlap, no gap with the land villages. The
    # band tapers towards its ends, like fishing grounds hugging a stretch of shore.
    margin = 900 * _wobble(rng, amp=0.5)
    for code, name, kind in (u for u in DEMO_UNITS if u[2] == "water_village"):
        lo, hi = (int(d * _N / 360) for d in _WATER_SECTORS[name])
        inner = land_xy[lo : hi + 1]
        taper = 0.3 + 0.7 * np.sin(np.linspace(0, np.pi, len(inner)))
        outer = inner * (1 + margin[lo : hi + 1] * taper / np.hypot(*inner.T))[:, None]
        ring = np.vstack([outer, inner[::-1]])
        villages.append(({"village_code": code, "village_name": name, "kind": kind}, Polygon(ring)))

    # --- water bodies ------------------------------------------------------------------------
    # 淮河: a meandering centreline, buffered to ~300 m wide, just east of the land.
    y = np.arange(-9500.0, 10501.0, 250.0)
    ph = rng.uniform(0, 2 * np.pi, 2)
    x = 4700 - 0.12 * y + 500 * np.sin(y / 1100 + ph[0]) + 180 * np.sin(y / 430 + ph[1])
    centre = np.column_stack([x, y])
    river = LineString(centre).buffer(150, cap_style="flat")
    # Lakes stop at the river: keep only what lies west of its centreline, minus the river.
    far = 30000.0
    west = Polygon([(-far, -far), (x[0], -far), *centre, (x[-1], far), (-far, far)])
    # Lake outlines overlap the land on purpose and then lose it, so their shore is exactly the
    # land's coastline. 女山湖 also loses 七里湖's area, so the two lakes merely touch and
    # 七里湖 keeps the southern shore.
    nvshan = Polygon(_blob(rng, (-1800, 3800), (6600, 5800), -15, amp=0.12))
    qili = Polygon(_blob(rng, (1500, -2700), (4700, 2600), 12, amp=0.14))
    qili_lake = (qili & west) - land - river
    nvshan_lake = (nvshan & west) - land - qili - river
    lakes = [
        ({"name": "女山湖", "kind": "lake"}, nvshan_lake),
        ({"name": "七里湖", "kind": "lake"}, qili_lake),
    ]
    rivers = [({"name": "淮河", "kind": "river"}, river)]
    return villages, lakes, rivers


def _to_gdf(features: list, to_lonlat: Transformer) -> gpd.GeoDataFrame:
    """Shift metric features to the town centre in UTM, project to EPSG:4326, snap to 1e-6°."""
    cx, cy = to_lonlat.transform(*CENTER_LONLAT, direction="INVERSE")
    geoms = [shapely.transform(g, lambda xy: xy + (cx, cy)) for _, g in features]
    gdf = gpd.GeoDataFrame(
        pd.DataFrame([{**props, "source": SOURCE_NOTE} for props, _ in features]),
        geometry=geoms,
        crs=METRIC_CRS,
    ).to_crs("EPSG:4326")
    # Snapping here (not only when writing) makes the in-memory layers equal the files. Shared
    # vertices snap identically, so neighbours stay edge to edge; set_precision keeps validity.
    gdf["geometry"] = shapely.set_precision(gdf.geometry.values, 1e-6)
    return gdf


def build_demo_layers() -> dict[str, gpd.GeoDataFrame]:
    """Build the synthetic demo map layers for 女山湖镇.

    Returns ``{'villages': gdf, 'lakes': gdf, 'rivers': gdf}``, all in EPSG:4326.

    * ``villages``: one (Multi)Polygon per land village and water village, with columns
      ``village_code``, ``village_name``, ``kind`` and ``source``. The shipping company and the
      fishery deliberately have no geometry.
    * ``lakes`` / ``rivers``: columns ``name``, ``kind`` (``lake`` / ``river``) and ``source``.

    Every feature's ``source`` says the geometry is synthetic. Output is deterministic.
    """
    rng = np.random.default_rng(SEED)
    to_lonlat = Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True)
    villages, lakes, rivers = _build_metric(rng)
    layers = {
        name: _to_gdf(feats, to_lonlat)
        for name, feats in (("villages", villages), ("lakes", lakes), ("rivers", rivers))
    }
    layers["villages"] = layers["villages"].sort_values("village_code", ignore_index=True)
    return layers


_README = """\
# Demo map geometry (SYNTHETIC) / 演示地图（合成示意）

The files in this folder are **synthetic demo geometry, not real boundaries**.
这里的边界是程序生成的合成示意图形，**不是真实界线**，不得作为行政区划或测绘依据。

They sketch 女山湖镇 (town code 341182108, 明光市, Anhui): a small strip of land between
女山湖 (west/north), 七里湖 (south) and the 淮河 (east). Village shapes are a Voronoi split of an
invented coastline; lakes and the river are noise-shaped polygons.

- `villages.geojson`: 7 land villages and 2 water villages (`village_code`, `village_name`,
  `kind`). 女山湖航运公司 and 女山湖渔场 intentionally have no geometry.
- `water.geojson`: 女山湖 and 七里湖 (`kind` = `lake`) and 淮河 (`kind` = `river`).

Every feature carries `source` = "{note}".

Regenerate (deterministic, fixed seed {seed}) with `tuopin demo`, or:

    uv run python -c "from pathlib import Path; \\
    from dashboard.demo.geometry import write_demo_geometry; \\
    write_demo_geometry(Path('maps/demo'))"

Generator: `dashboard/demo/geometry.py`. Do not edit these files by hand.
"""


def write_demo_geometry(out_dir: Path) -> list[Path]:
    """Write the synthetic demo geometry into ``out_dir`` (created if missing).

    Writes ``villages.geojson``, ``water.geojson`` (lakes then river) and a ``README.md`` that
    explains the geometry is synthetic and how to regenerate it. GeoJSON is RFC 7946
    (EPSG:4326, 6 decimals). Returns the written paths in that order.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    layers = build_demo_layers()
    water = pd.concat([layers["lakes"], layers["rivers"]], ignore_index=True)
    opts = {"RFC7946": "YES", "COORDINATE_PRECISION": 6, "DESCRIPTION": SOURCE_NOTE}
    paths = []
    for name, gdf in (("villages", layers["villages"]), ("water", water)):
        path = out_dir / f"{name}.geojson"
        gdf.to_file(path, driver="GeoJSON", engine="pyogrio", layer_options=opts)
        paths.append(path)
    readme = out_dir / "README.md"
    readme.write_text(_README.format(note=SOURCE_NOTE, seed=SEED), encoding="utf-8")
    return [*paths, readme]


# --- the county and province demos -------------------------------------------------------------
# SYNTHETIC village cells for `tuopin demo --scale county|province`, inside REAL county borders.
# The counties' and prefectures' outlines are Anhui's real ones (ECharts' map data, built into
# data/reference/maps/ by its build.py, keyed by name as ECharts keys them); each county is cut
# into one Voronoi cell per village, so neighbours share every edge exactly (a valid coverage:
# towns dissolve from it without slivers or gaps). Seeds are handed out by recursive bisection
# in code order, so a town's villages take one compact patch of their real county.
SCALED_SOURCE_NOTE = "synthetic demo cells, not real boundaries / 合成示意边界，非真实界线"
SCALED_JITTER = 0.35  # seeds move up to this share of the grid spacing: cells uneven, never thin
REAL_MAPS_DIR = Path(__file__).resolve().parents[2] / "data" / "reference" / "maps"
REAL_LAYERS = {"counties": "anhui_counties.geojson", "prefectures": "anhui_prefectures.geojson"}


def county_outlines(county_codes: list[str]) -> dict[str, shapely.Geometry]:
    """Each county's real outline (EPSG:4326) from Anhui's county file, matched by name.

    Raises ValueError naming the counties the file has no shape for.
    """
    counties = gpd.read_file(REAL_MAPS_DIR / REAL_LAYERS["counties"])
    matched = divisions.match_unit_names(counties["name"].tolist(), sorted(set(county_codes)))
    outlines = {
        matched[name]: shape
        for name, shape in zip(counties["name"], counties.geometry, strict=True)
        if name in matched
    }
    missing = sorted(set(county_codes) - set(outlines))
    if missing:
        raise ValueError(f"no county outline in {REAL_LAYERS['counties']} for {missing}")
    return outlines


def scaled_village_cells(
    village_codes: list[str],
    village_names: list[str],
    kinds: list[str],
    seed: int,
) -> gpd.GeoDataFrame:
    """One synthetic polygon per village (EPSG:4326), a gapless patchwork of its real county.

    Columns village_code, village_name, kind, source; rows in the order of `village_codes`.
    Deterministic for a seed.
    """
    rng = np.random.default_rng(seed)
    codes = np.asarray(village_codes)
    county_of = np.array([code[:6] for code in village_codes])
    outlines = county_outlines(sorted(set(county_of)))
    geometries = np.empty(len(codes), dtype=object)
    for county in sorted(outlines):
        rows = np.flatnonzero(county_of == county)
        outline = gpd.GeoSeries([outlines[county]], crs="EPSG:4326").to_crs(METRIC_CRS).iloc[0]
        outline = max(getattr(outline, "geoms", [outline]), key=lambda part: part.area)
        seeds = _jittered_points(rng, outline, len(rows))
        placed = seeds[_place_by_code(seeds, codes[rows].tolist())]
        cells = shapely.voronoi_polygons(
            MultiPoint(placed), extend_to=outline.buffer(outline.length), ordered=True
        ).geoms
        cells = shapely.intersection(np.asarray(list(cells), dtype=object), outline)
        geometries[rows] = gpd.GeoSeries(cells, crs=METRIC_CRS).to_crs("EPSG:4326").to_numpy()
    return gpd.GeoDataFrame(
        {
            "village_code": village_codes,
            "village_name": village_names,
            "kind": kinds,
            "source": SCALED_SOURCE_NOTE,
        },
        geometry=shapely.set_precision(geometries, 1e-6),
        crs="EPSG:4326",
    )


def write_scaled_geometry(out_dir: Path, cells: gpd.GeoDataFrame) -> Path:
    """Write the cells as `villages.geojson` (RFC 7946, 6 decimals) into `out_dir`, with Anhui's
    real `counties.geojson` and `prefectures.geojson` beside it, keyed by name as ECharts has them.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "villages.geojson"
    options = {"RFC7946": "YES", "COORDINATE_PRECISION": 6, "DESCRIPTION": SCALED_SOURCE_NOTE}
    cells.to_file(path, driver="GeoJSON", engine="pyogrio", layer_options=options)
    for stem, file_name in REAL_LAYERS.items():
        (out_dir / f"{stem}.geojson").write_bytes((REAL_MAPS_DIR / file_name).read_bytes())
    return path


def _jittered_points(rng: np.random.Generator, outline: Polygon, count: int) -> np.ndarray:
    """`count` points inside `outline`, on a jittered square grid (even spacing, no clumps)."""
    minx, miny, maxx, maxy = outline.bounds
    spacing = np.sqrt(outline.area / count)
    while True:
        xs = np.arange(minx + spacing / 2, maxx, spacing)
        ys = np.arange(miny + spacing / 2, maxy, spacing)
        grid = np.array([(x, y) for y in ys for x in xs])
        grid += rng.uniform(-SCALED_JITTER, SCALED_JITTER, grid.shape) * spacing
        inside = grid[shapely.contains_xy(outline, grid[:, 0], grid[:, 1])]
        if len(inside) >= count:
            keep = np.sort(rng.choice(len(inside), count, replace=False))
            return inside[keep]
        spacing *= 0.97  # the ragged shore lost too many: a slightly finer grid


def _place_by_code(points: np.ndarray, codes: list[str]) -> np.ndarray:
    """Which point each village takes: every code prefix (town, county …) gets a compact patch.

    Recursive bisection: a level's units (in code order) split into two runs of about half the
    villages, the points split at the same count along the longer side of their box, and each
    side recurses; below one unit, the same for its children. Returns, per village in the order
    of `codes`, the index of its point.
    """
    chosen = np.empty(len(codes), dtype=np.int64)
    digits = (2, 4, 6, 9, 12)
    code_array = np.asarray(codes)

    def split(point_index: np.ndarray, village_index: np.ndarray, level: int) -> None:
        if len(village_index) == 1:
            chosen[village_index[0]] = point_index[0]
            return
        while level < len(digits):
            prefixes = np.array([code[: digits[level]] for code in code_array[village_index]])
            units, first = np.unique(prefixes, return_index=True)
            if len(units) > 1:
                break
            level += 1
        order = np.argsort(first)  # units in code order, with the villages of each together
        units = units[order]
        sizes = np.array([(prefixes == unit).sum() for unit in units])
        cut_unit = int(np.argmin(np.abs(np.cumsum(sizes)[:-1] - sizes.sum() / 2))) + 1
        left_villages = np.isin(prefixes, units[:cut_unit])
        take = int(left_villages.sum())
        box = points[point_index]
        axis = int(np.argmax(box.max(axis=0) - box.min(axis=0)))
        by_axis = point_index[np.argsort(box[:, axis], kind="stable")]
        split(by_axis[:take], village_index[left_villages], level)
        split(by_axis[take:], village_index[~left_villages], level)

    split(np.arange(len(points)), np.argsort(code_array, kind="stable"), 0)
    return chosen
