"""Village boundaries from the maps/ folder: find the file, read it in any CRS, match it to villages.

A town's boundary file comes from wherever the town got it: a GeoJSON exported by a colleague, a
Shapefile from the land bureau in CGCS2000 Gauss-Krüger metres with a GBK-encoded DBF and no
.cpg, a GeoPackage. `load_boundaries` turns any of these into one EPSG:4326 frame with
`village_code` and `village_name`, light enough for the browser, and says plainly which
features and which villages did not find each other.

    >>> path = find_boundary_file(Path("maps/demo"))
    >>> result = load_boundaries(path, villages)  # villages: village_code, village_name
    >>> result.gdf.columns.tolist()
    ['village_code', 'village_name', 'geometry']
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from dashboard import divisions
from dashboard.errors import TuopinError
from dashboard.settings import environment
from dashboard.snapshots import PROJECT_ROOT

OUTPUT_CRS = "EPSG:4326"  # what Plotly draws in (lon/lat)
# Douglas-Peucker / Visvalingam tolerance in metres. A town of ~15 km drawn ~800 px wide is
# ~20 m per pixel, so anything finer is invisible and only slows the browser down.
SIMPLIFY_TOLERANCE_M = 20.0
BOUNDARY_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp")  # preference order, after the stem
BOUNDARY_STEM = "villages"
WATER_STEM = "water"
MAPS_ENV = "TUOPIN_MAPS"  # an explicit maps folder wins over every guess
MAPS_FOLDER = "maps"

# Columns that hold the 12-digit 统计用区划代码, most specific first. "village_co" is
# "village_code" cut to the DBF format's 10 characters; XZQDM (行政区代码) is the field name used
# by national land-survey (三调) exports.
CODE_COLUMNS = (
    "village_code",
    "village_co",
    "统计用区划代码",
    "行政区划代码",
    "区划代码",
    "村代码",
    "xzqdm",
)
# Columns that hold a village's name. "village_na" is "village_name" after the DBF format cut
# it to 10 characters; XZQMC (行政区名称) again comes from land-survey exports.
NAME_COLUMNS = (
    "village_name",
    "village_na",
    "村名",
    "村名称",
    "村庄名称",
    "名称",
    "xzqmc",
    "name",
)

_WHITESPACE = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u9fff]")
# A GBK DBF decoded as ISO-8859-1 (GDAL's default when there is no .cpg) comes out as Latin-1
# letters such as "ºÉ»¨´å"; real Chinese names never consist of these alone.
_LATIN1_SUPPLEMENT = re.compile(r"[\u0080-\u00ff]")


class BoundaryError(TuopinError):
    """A village boundary file that cannot be used as it is."""


class BoundaryFileMissing(BoundaryError):
    """The boundary file does not exist."""


class BoundaryFileUnreadable(BoundaryError):
    """The file exists but is not a vector layer GDAL can read, or holds no features."""


class BoundaryKeyMissing(BoundaryError):
    """No column tells which village a feature is."""


class BoundaryCrsUnknown(BoundaryError):
    """The file has no CRS and its coordinates are not longitude/latitude."""


@dataclass
class BoundaryResult:
    """Village boundaries matched to the villages table, and what did not match.

    `gdf` is in EPSG:4326 with columns village_code, village_name, geometry, one row per
    matched village (features of the same village are merged). `unmatched_features` describes
    each feature that fits no village ("#12 村名=湖东村", 1-based as in a GIS attribute table);
    `villages_without_geometry` lists village codes no feature matched, in the table's order.
    """

    gdf: gpd.GeoDataFrame
    unmatched_features: list[str]
    villages_without_geometry: list[str]
    source_crs: str
    matched_by: str = ""  # the file's column used as key, e.g. "village_code" or "村名"
    crs_assumed: bool = False  # True when the file had no CRS and lon/lat was assumed
    encoding: str | None = None  # the encoding used for attribute text, when not the default
    notes: list[str] = field(default_factory=list)


def maps_dir_for(data_dir: Path) -> Path:
    """The maps folder that belongs to a data directory (it may not exist).

    In order: `$TUOPIN_MAPS` if set; `<data_dir>/maps` if that folder exists; `<data_dir>/../maps`
    if it holds a boundary file (a data directory and its maps side by side, as the demo
    fixture writes them); else `<project>/maps/<data_dir name>`, so `data/demo` → `maps/demo`.
    """
    configured = (environment(MAPS_ENV) or "").strip()
    if configured:
        return Path(configured).expanduser()
    data_dir = Path(data_dir)
    inside = data_dir / MAPS_FOLDER
    if inside.is_dir():
        return inside
    beside = data_dir.parent / MAPS_FOLDER
    if find_boundary_file(beside) is not None:
        return beside
    return PROJECT_ROOT / MAPS_FOLDER / data_dir.name


def units_digest(units: tuple[tuple[str, str], ...]) -> str:
    """A short key for a list of (code, name) units: what a cache of their shapes is keyed by.

    Streamlit hashes a cached function's arguments element by element; a province's 13,213
    villages took a tenth of a second of every /map run that way, this a millisecond.
    """
    digest = hashlib.sha256()
    for code, name in units:
        digest.update(f"{code}\t{name}\n".encode())
    return digest.hexdigest()


def maps_identity(maps_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """(name, size, mtime in ns) of every file in a maps folder: changes when any file does.

    A cache of loaded boundaries keyed by this sees a replaced file, a new water layer, or a
    Shapefile whose .dbf alone was edited. Empty when the folder does not exist.
    """
    maps_dir = Path(maps_dir)
    if not maps_dir.is_dir():
        return ()
    return tuple(
        (path.name, path.stat().st_size, path.stat().st_mtime_ns)
        for path in sorted(maps_dir.iterdir())
        if path.is_file()
    )


def find_boundary_file(maps_dir: Path) -> Path | None:
    """The village boundary file in a maps folder, or None when there is none.

    Prefers a file named `villages.*`; otherwise any GeoJSON, GeoPackage or Shapefile except the
    water layer (`water.*`), GeoJSON first. Names are compared case-insensitively.
    """
    maps_dir = Path(maps_dir)
    if not maps_dir.is_dir():
        return None
    candidates = [
        path
        for path in maps_dir.iterdir()
        if path.is_file()
        and path.suffix.lower() in BOUNDARY_SUFFIXES
        and path.stem.lower() != WATER_STEM
        and path.stem.lower() not in LEVEL_STEMS.values()  # a town layer is not the villages
    ]
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda path: (
            path.stem.lower() != BOUNDARY_STEM,
            BOUNDARY_SUFFIXES.index(path.suffix.lower()),
            path.name,
        ),
    )


def load_boundaries(
    path: Path, villages: pd.DataFrame, name_column: str | None = None
) -> BoundaryResult:
    """Read a village boundary file in any CRS and match its features to `villages`.

    `villages` has columns village_code and village_name. Features are matched by a code column
    (village_code, 统计用区划代码, 行政区划代码, 区划代码, 村代码), else by a name column
    (`name_column`, or village_name, 村名, 名称, NAME …) compared after removing spaces and
    turning full-width characters half-width. Geometry is reprojected to EPSG:4326 and
    simplified to SIMPLIFY_TOLERANCE_M metres. Raises a BoundaryError subclass when the file is
    missing, unreadable, has no key column, or has projected coordinates and no CRS.
    """
    path = Path(path)
    raw, encoding = _read_layer(path)
    if len(raw) == 0:
        raise BoundaryFileUnreadable(
            f"边界文件没有任何要素：{path}。请检查导出时是否选择了正确的图层。",
            f"The boundary file holds no features: {path}. Check that the right layer was exported.",
        )
    key_column, key_kind = _key_column(raw, path, name_column)
    raw, source_crs, crs_assumed = _ensure_crs(raw, path)
    simplified = _simplify(raw)

    register = villages[["village_code", "village_name"]].astype(str)
    by_code = dict(
        zip(register["village_code"].map(_normalise_code), register["village_code"], strict=True)
    )
    by_name = dict(
        zip(register["village_name"].map(_normalise_text), register["village_code"], strict=True)
    )
    lookup, normalise = (
        (by_code, _normalise_code) if key_kind == "code" else (by_name, _normalise_text)
    )
    keys = raw[key_column].map(lambda value: None if _is_blank(value) else normalise(value))
    codes = keys.map(lookup)
    if key_kind == "name" and codes.isna().any():
        codes = codes.fillna(raw[key_column].map(_by_official_form(register)))

    # A code column that matches nothing is usually a different code system (e.g. 9-digit town
    # codes or internal ids); a name column in the same file is then the better key.
    if key_kind == "code" and codes.notna().sum() == 0 and name_column is None:
        fallback = _find_column(raw, NAME_COLUMNS)
        if fallback is not None:
            fallback_codes = raw[fallback].map(
                lambda value: None if _is_blank(value) else by_name.get(_normalise_text(value))
            )
            if fallback_codes.notna().any():
                key_column, codes = fallback, fallback_codes

    unmatched = [
        f"#{position + 1} {key_column}={'(empty)' if _is_blank(value) else str(value).strip()}"
        for position, (value, code) in enumerate(zip(raw[key_column], codes, strict=True))
        if pd.isna(code)
    ]
    matched = gpd.GeoDataFrame(
        {"village_code": codes.to_numpy()}, geometry=simplified.to_numpy(), crs=OUTPUT_CRS
    )
    matched = matched[matched["village_code"].notna() & ~matched.geometry.is_empty]
    matched = matched[matched.geometry.notna()]
    # A village drawn as several features (an island, a detached field) becomes one shape.
    if matched["village_code"].duplicated().any():
        matched = matched.dissolve(by="village_code", as_index=False)
    names = dict(zip(register["village_code"], register["village_name"], strict=True))
    order = {code: position for position, code in enumerate(register["village_code"])}
    matched = matched.assign(village_name=matched["village_code"].map(names))
    matched = matched.sort_values("village_code", key=lambda s: s.map(order), ignore_index=True)
    gdf = gpd.GeoDataFrame(
        matched[["village_code", "village_name"]],
        geometry=matched.geometry.to_numpy(),
        crs=OUTPUT_CRS,
    )
    found = set(gdf["village_code"])
    return BoundaryResult(
        gdf=gdf,
        unmatched_features=unmatched,
        villages_without_geometry=[c for c in register["village_code"] if c not in found],
        source_crs=source_crs,
        matched_by=key_column,
        crs_assumed=crs_assumed,
        encoding=encoding,
    )


def load_water(maps_dir: Path) -> gpd.GeoDataFrame | None:
    """The water context layer (`water.*` in the maps folder) in EPSG:4326, or None if absent.

    Keeps columns `name` and `kind` when the file has them. Raises BoundaryError when the file
    exists but cannot be used; a caller that treats water as optional may catch TuopinError.
    """
    maps_dir = Path(maps_dir)
    if not maps_dir.is_dir():
        return None
    files = sorted(
        (
            path
            for path in maps_dir.iterdir()
            if path.is_file()
            and path.stem.lower() == WATER_STEM
            and path.suffix.lower() in BOUNDARY_SUFFIXES
        ),
        key=lambda path: BOUNDARY_SUFFIXES.index(path.suffix.lower()),
    )
    if not files:
        return None
    raw, _ = _read_layer(files[0])
    raw, _, _ = _ensure_crs(raw, files[0])
    columns = {column: raw[column] for column in ("name", "kind") if column in raw.columns}
    water = gpd.GeoDataFrame(columns, geometry=_simplify(raw).to_numpy(), crs=OUTPUT_CRS)
    return water[water.geometry.notna() & ~water.geometry.is_empty].reset_index(drop=True)


# --- reading -----------------------------------------------------------------------------------


def _read_layer(path: Path) -> tuple[gpd.GeoDataFrame, str | None]:
    """Read the file's boundary layer; retry in GBK when attribute text comes out garbled."""
    if not path.exists():
        raise BoundaryFileMissing(
            f"找不到边界文件：{path}。请把村界文件（GeoJSON、Shapefile 或 GeoPackage）放进 maps/ 文件夹。",
            f"Boundary file not found: {path}. Put the village boundary file "
            "(GeoJSON, Shapefile or GeoPackage) in the maps/ folder.",
        )
    layer = _pick_layer(path)
    try:
        frame = pyogrio.read_dataframe(path, layer=layer)
    except UnicodeDecodeError:
        frame = None  # a DBF whose declared encoding is wrong: GBK is the usual truth
    except Exception as exc:  # pyogrio raises several GDAL error types; all mean "unreadable"
        raise _unreadable(path, exc) from exc
    if frame is not None and not _looks_garbled(frame):
        return frame, None
    try:
        return pyogrio.read_dataframe(path, layer=layer, encoding="gbk"), "gbk"
    except Exception as exc:
        if frame is not None:
            return frame, None  # GBK did not help either; keep what the file says it is
        raise _unreadable(path, exc) from exc


def _pick_layer(path: Path) -> str | int | None:
    """A GeoPackage may hold several layers: take `villages`, else the first polygon layer."""
    if path.suffix.lower() != ".gpkg":
        return None
    try:
        layers = pyogrio.list_layers(path)
    except Exception as exc:
        raise _unreadable(path, exc) from exc
    names = [str(name) for name, _ in layers]
    if BOUNDARY_STEM in names:
        return BOUNDARY_STEM
    polygons = [str(name) for name, kind in layers if kind and "POLYGON" in str(kind).upper()]
    return polygons[0] if polygons else None


def _unreadable(path: Path, exc: Exception) -> BoundaryFileUnreadable:
    return BoundaryFileUnreadable(
        f"无法读取边界文件 {path}：{exc}。请确认它是完整的 GeoJSON、Shapefile（含 .shp/.shx/.dbf）"
        "或 GeoPackage 文件。",
        f"Cannot read the boundary file {path}: {exc}. Check that it is a complete GeoJSON, "
        "Shapefile (with .shp/.shx/.dbf) or GeoPackage file.",
    )


def _looks_garbled(frame: pd.DataFrame) -> bool:
    """True when column names or text look like GBK bytes decoded as Latin-1, or hold U+FFFD."""
    texts = [" ".join(str(column) for column in frame.columns)]
    for column in frame.columns:
        if column == "geometry" or frame[column].dtype != object:
            continue
        texts.append("".join(str(value) for value in frame[column].dropna()))
    return any(
        "\ufffd" in text or (_LATIN1_SUPPLEMENT.search(text) and not _CJK.search(text))
        for text in texts
    )


def _find_column(frame: pd.DataFrame, candidates: tuple[str, ...]) -> str | None:
    """The first column whose name (stripped, case-insensitive, half-width) is a candidate."""
    by_normal = {_normalise_text(column).lower(): column for column in frame.columns}
    for candidate in candidates:
        if candidate.lower() in by_normal:
            return by_normal[candidate.lower()]
    return None


def _key_column(frame: pd.DataFrame, path: Path, name_column: str | None) -> tuple[str, str]:
    """The column to match features by, and whether it holds codes or names."""
    if name_column is not None:
        if name_column not in frame.columns:
            raise BoundaryKeyMissing(
                f"边界文件 {path} 中没有指定的名称列“{name_column}”。文件中的列：{_columns(frame)}。",
                f"The boundary file {path} has no column '{name_column}' (the name column asked "
                f"for). Its columns: {_columns(frame)}.",
            )
        return name_column, "name"
    code = _find_column(frame, CODE_COLUMNS)
    if code is not None:
        return code, "code"
    name = _find_column(frame, NAME_COLUMNS)
    if name is not None:
        return name, "name"
    raise BoundaryKeyMissing(
        f"边界文件 {path} 中没有可用来识别村的列。需要 village_code（或 统计用区划代码、区划代码、"
        f"村代码）列，或 village_name（或 村名、名称）列。文件中的列：{_columns(frame)}。",
        f"The boundary file {path} has no column that identifies villages. It needs a "
        "village_code column (or 统计用区划代码, 区划代码, 村代码) or a village_name column "
        f"(or 村名, 名称, NAME). Its columns: {_columns(frame)}.",
    )


def _columns(frame: pd.DataFrame) -> str:
    return ", ".join(str(column) for column in frame.columns if column != "geometry") or "(none)"


# --- coordinates -------------------------------------------------------------------------------


def _ensure_crs(frame: gpd.GeoDataFrame, path: Path) -> tuple[gpd.GeoDataFrame, str, bool]:
    """Give the frame a CRS; without one, assume lon/lat only if the numbers fit lon/lat."""
    if frame.crs is not None:
        return frame, _crs_label(frame.crs), False
    minx, miny, maxx, maxy = frame.total_bounds
    if all(map(math.isfinite, (minx, miny, maxx, maxy))) and (
        -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90
    ):
        return frame.set_crs(OUTPUT_CRS), OUTPUT_CRS, True
    raise BoundaryCrsUnknown(
        f"边界文件 {path} 没有坐标系信息（例如 Shapefile 缺少 .prj 文件），而坐标范围 "
        f"x {minx:,.0f}–{maxx:,.0f}、y {miny:,.0f}–{maxy:,.0f} 不是经纬度。请补上 .prj 文件，"
        "或在 GIS 软件中设置坐标系（如 CGCS2000 3 度带 EPSG:4549）后重新导出。",
        f"The boundary file {path} has no CRS (e.g. a Shapefile without its .prj file) and its "
        f"coordinates (x {minx:,.0f} to {maxx:,.0f}, y {miny:,.0f} to {maxy:,.0f}) are not "
        "longitude/latitude. Add the .prj file, or set the CRS in a GIS program (e.g. CGCS2000 "
        "3-degree Gauss-Kruger, EPSG:4549) and export again.",
    )


def _crs_label(crs) -> str:
    """`EPSG:4549` when the CRS is a known EPSG one (even from an ESRI .prj), else its name."""
    epsg = crs.to_epsg(min_confidence=70)
    return f"EPSG:{epsg}" if epsg is not None else str(crs.name)


def _simplify(frame: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """Simplify in metres in the data's UTM zone, then project to EPSG:4326.

    Neighbouring villages share edges; simplifying each polygon alone would move a shared edge
    differently on each side and leave slivers and gaps. coverage_simplify simplifies each
    shared edge once. It needs a valid coverage (no overlaps), which hand-drawn files do not
    always give, so those fall back to per-polygon, topology-preserving simplification.
    """
    geometry = frame.geometry.make_valid()
    metric_crs = gpd.GeoSeries(geometry, crs=frame.crs).estimate_utm_crs()
    metric = gpd.GeoSeries(geometry, crs=frame.crs).to_crs(metric_crs)
    present = metric.notna() & ~metric.is_empty
    polygonal = present & metric.geom_type.isin(["Polygon", "MultiPolygon"])
    values = metric.to_numpy().copy()
    parts = values[polygonal.to_numpy()]
    if len(parts) and bool(polygonal[present].all()) and shapely.coverage_is_valid(parts):
        values[polygonal.to_numpy()] = shapely.coverage_simplify(parts, SIMPLIFY_TOLERANCE_M)
    else:
        values[present.to_numpy()] = shapely.simplify(
            values[present.to_numpy()], SIMPLIFY_TOLERANCE_M, preserve_topology=True
        )
    return gpd.GeoSeries(values, crs=metric_crs, index=frame.index).to_crs(OUTPUT_CRS)


# --- matching ----------------------------------------------------------------------------------


def _normalise_text(value) -> str:
    """Full-width → half-width (NFKC) and no whitespace at all: "荷花村 " ~ "荷　花村"."""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", str(value)))


def _normalise_code(value) -> str:
    """Codes read from a DBF may be numbers (341182108200.0): compare them as digit strings."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _normalise_text(value)
    return text[:-2] if re.fullmatch(r"\d+\.0", text) else text


def _by_official_form(register: pd.DataFrame):
    """A lookup of village names as the official list writes them: a boundary file's 荷花村委会 or
    明珠社区居委会 is the register's 荷花村 or 明珠社区. Names two villages share match neither."""
    forms: dict[str, list[str]] = {}
    for code, name in zip(register["village_code"], register["village_name"], strict=True):
        forms.setdefault(divisions.canonical_name(name), []).append(code)

    def lookup(value) -> str | None:
        if _is_blank(value):
            return None
        found = forms.get(divisions.canonical_name(value), [])
        return found[0] if len(found) == 1 else None

    return lookup


def _is_blank(value) -> bool:
    return (
        value is None or (not isinstance(value, str) and pd.isna(value)) or not str(value).strip()
    )


# --- levels above the village ------------------------------------------------------------------
# Towns, counties, prefectures and provinces are dissolved from the village boundaries, or read
# from a layer of their own (`towns.*` in the maps folder, or a `towns` layer of the GeoPackage)
# when the boundary file's maker has one. Dissolving a province's 16,000 villages takes seconds,
# so the result is kept in `<data dir>/.cache/maps/<key>/<level>.parquet`, keyed by the boundary
# files' identity: a replaced or edited file makes a new key, never a stale map.
LEVEL_STEMS = {"town": "towns", "county": "counties", "prefecture": "prefectures"}
DISSOLVED_LEVELS = {"town": 9, "county": 6, "prefecture": 4, "province": 2}
# Shown at a level, shapes are simplified to about one pixel of a ~900 px map of the level above
# them: a county (~50 km) shows its towns at ~60 m a pixel, a province (~500 km) at ~600 m.
LEVEL_SIMPLIFY_M = {"town": 60.0, "county": 200.0, "prefecture": 600.0, "province": 600.0}
CACHE_VERSION = "1"  # bump when the dissolve changes what it writes


def level_layer_file(maps_dir: Path, level: str) -> Path | None:
    """A layer of the level's own in the maps folder (`towns.geojson` …), or None."""
    stem = LEVEL_STEMS.get(level)
    maps_dir = Path(maps_dir)
    if stem is None or not maps_dir.is_dir():
        return None
    files = [
        path
        for path in maps_dir.iterdir()
        if path.is_file() and path.stem.lower() == stem and path.suffix.lower() in BOUNDARY_SUFFIXES
    ]
    return min(files, key=lambda path: BOUNDARY_SUFFIXES.index(path.suffix.lower()), default=None)


def area_boundaries(
    villages: gpd.GeoDataFrame,
    level: str,
    *,
    maps_dir: Path | None = None,
    cache_dir: Path | None = None,
    cache_key: str = "",
) -> gpd.GeoDataFrame:
    """One shape per unit of `level` (town … province), columns `code` and geometry, EPSG:4326.

    From the level's own layer in `maps_dir` when there is one (features keyed by a code column
    whose codes have the level's digits, or by the units' names as ECharts' and DataV's maps are),
    else dissolved from `villages` (the frame
    `load_boundaries` returns) by the first digits of the village code. With `cache_dir`, the
    result is read from or written to `<cache_dir>/<cache_key>/<level>.parquet`.
    """
    digits = DISSOLVED_LEVELS[level]
    cached = None
    if cache_dir is not None:
        cached = Path(cache_dir) / f"{CACHE_VERSION}-{cache_key}" / f"{level}.parquet"
        if cached.is_file():
            return gpd.read_parquet(cached)
    own = level_layer_file(maps_dir, level) if maps_dir is not None else None
    if own is not None:
        units = sorted(set(villages["village_code"].astype(str).str[:digits]))
        shapes = _own_level_layer(own, digits, units)
    else:
        shapes = dissolve_villages(villages, digits, LEVEL_SIMPLIFY_M[level])
    if cached is not None:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            staging = cached.with_suffix(".tmp")
            shapes.to_parquet(staging)
            staging.replace(cached)  # whole or not at all, as snapshots are written
        except OSError:
            pass  # a read-only data directory: the map still draws, only slower next time
    return shapes


def cached_level_shapes(
    villages: gpd.GeoDataFrame, level: str, maps_dir: Path, data_dir: Path
) -> gpd.GeoDataFrame:
    """`area_boundaries` of a level, kept under `<data dir>/.cache/maps/` and keyed by the maps
    folder's files (their sizes and times): dissolved once for /map and the deck alike."""
    key = hashlib.sha256(repr((str(maps_dir), maps_identity(Path(maps_dir)))).encode())
    return area_boundaries(
        villages,
        level,
        maps_dir=Path(maps_dir),
        cache_dir=Path(data_dir) / ".cache" / "maps",
        cache_key=key.hexdigest()[:16],
    )


def unit_boundaries(shapes: gpd.GeoDataFrame, names: dict[str, str]) -> gpd.GeoDataFrame:
    """A level's shapes (`code`, geometry) as a map draws them: village_code, village_name
    (from `names`, else the code) and geometry, EPSG:4326."""
    codes = shapes["code"].astype(str)
    return gpd.GeoDataFrame(
        {
            "village_code": codes.to_numpy(),
            "village_name": [names.get(code, code) for code in codes],
        },
        geometry=shapes.geometry.to_numpy(),
        crs=OUTPUT_CRS,
    )


def dissolve_villages(
    villages: gpd.GeoDataFrame, digits: int, tolerance_m: float
) -> gpd.GeoDataFrame:
    """Villages merged by the first `digits` of their code, then simplified as one coverage.

    >>> dissolve_villages(result.gdf, 9, 60.0).columns.tolist()
    ['code', 'geometry']
    """
    codes = villages["village_code"].astype(str).str[:digits]
    frame = gpd.GeoDataFrame(
        {"code": codes.to_numpy()}, geometry=villages.geometry.to_numpy(), crs=villages.crs
    )
    try:  # a valid coverage (shared edges, no overlaps) unions edge by edge, much faster
        merged = frame.dissolve(by="code", as_index=False, method="coverage")
    except Exception:  # GEOS refuses an invalid coverage: the general union is always right
        merged = frame.dissolve(by="code", as_index=False)
    merged = gpd.GeoDataFrame(
        merged[["code"]], geometry=merged.geometry.make_valid(), crs=frame.crs
    )
    return _simplify_coverage(merged, tolerance_m)


def _simplify_coverage(frame: gpd.GeoDataFrame, tolerance_m: float) -> gpd.GeoDataFrame:
    metric_crs = frame.geometry.estimate_utm_crs()
    metric = frame.geometry.to_crs(metric_crs).to_numpy()
    if len(metric) and shapely.coverage_is_valid(metric):
        metric = shapely.coverage_simplify(metric, tolerance_m)
    else:
        metric = shapely.simplify(metric, tolerance_m, preserve_topology=True)
    geometry = gpd.GeoSeries(metric, crs=metric_crs).to_crs(OUTPUT_CRS)
    return gpd.GeoDataFrame(
        {"code": frame["code"].to_numpy()}, geometry=geometry.to_numpy(), crs=OUTPUT_CRS
    )


# Columns of a level's own layer that hold the unit's name: ECharts' and DataV's maps say `name`.
LEVEL_NAME_COLUMNS = (
    "name",
    "名称",
    "县名",
    "县名称",
    "区县",
    "市名",
    "地市",
    "乡镇",
    "乡镇名称",
    "xzqmc",
    "county_name",
    "prefecture_name",
    "town_name",
)


def _own_level_layer(path: Path, digits: int, units: list[str]) -> gpd.GeoDataFrame:
    """A level's own layer keyed by `code`: by a code column whose values have `digits` digits
    (DataV's 6-digit adcodes 341100 / 340000 stand for prefecture 3411 / province 34), else by a
    name column matched to the official names of `units` (the level's codes in the data).

    Features that are none of `units` (a district the register does not cover) are left out.
    Raises BoundaryKeyMissing when neither key finds a single unit.
    """
    raw, _ = _read_layer(path)
    raw, _, _ = _ensure_crs(raw, path)
    for column in raw.columns:
        if column == "geometry":
            continue
        codes = raw[column].map(lambda value: None if _is_blank(value) else _normalise_code(value))
        given = int(codes.notna().sum())
        codes = codes.map(lambda code: _level_code(code, digits))
        if given and int(codes.notna().sum()) == given:  # every value a code of the level
            return _keyed_layer(raw, codes)
    name_column = _find_column(raw, LEVEL_NAME_COLUMNS)
    if name_column is not None:
        names = raw[name_column].map(lambda value: None if _is_blank(value) else str(value))
        matched = divisions.match_unit_names(names.dropna().unique().tolist(), units)
        codes = names.map(matched)
        if codes.notna().any():
            return _keyed_layer(raw, codes)
        raise BoundaryKeyMissing(
            f"图层文件 {path} 的“{name_column}”列中没有一个名称与数据中的{_LEVEL_ZH[digits]}"
            f"（{_unit_sample(units)}）的官方名称相符。文件中的名称：{_value_sample(names)}。"
            "请换用覆盖这些地区的边界文件，或加一列区划代码。",
            f"No name in the column '{name_column}' of the layer file {path} is the official name "
            f"of a {_LEVEL_EN[digits]} in the data ({_unit_sample(units)}). Names in the file: "
            f"{_value_sample(names)}. Use a boundary file that covers these areas, or add a "
            "column of division codes.",
        )
    raise BoundaryKeyMissing(
        f"图层文件 {path} 中没有 {digits} 位区划代码列，也没有名称列（name、名称）。"
        f"文件中的列：{_columns(raw)}。",
        f"The layer file {path} has no column of {digits}-digit division codes and no name "
        f"column (name, 名称). Its columns: {_columns(raw)}.",
    )


_LEVEL_ZH = {9: "乡镇", 6: "县（市、区）", 4: "市（地、州）", 2: "省"}
_LEVEL_EN = {9: "town", 6: "county", 4: "prefecture", 2: "province"}
SAMPLE_SHOWN = 5  # names quoted in a message: enough to recognise the file, short enough to read


def _level_code(code: str | None, digits: int) -> str | None:
    """`code` as a code of `digits` digits: itself, or a 6-digit adcode padded with zeros."""
    if code is None or not code.isdigit():
        return None
    if len(code) == digits:
        return code
    if len(code) == 6 and digits < 6 and code[digits:] == "0" * (6 - digits):
        return code[:digits]
    return None


def _keyed_layer(raw: gpd.GeoDataFrame, codes: pd.Series) -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame({"code": codes}, geometry=_simplify(raw).to_numpy(), crs=OUTPUT_CRS)
    frame = frame[frame["code"].notna() & frame.geometry.notna()]
    return frame.dissolve(by="code", as_index=False)[["code", "geometry"]]


def _unit_sample(units: list[str]) -> str:
    named = [f"{code} {divisions.official_name(code) or ''}".strip() for code in units]
    more = f" … +{len(named) - SAMPLE_SHOWN}" if len(named) > SAMPLE_SHOWN else ""
    return ", ".join(named[:SAMPLE_SHOWN]) + more if named else "(none)"


def _value_sample(values: pd.Series) -> str:
    shown = values.dropna().astype(str).unique().tolist()
    more = f" … +{len(shown) - SAMPLE_SHOWN}" if len(shown) > SAMPLE_SHOWN else ""
    return ", ".join(shown[:SAMPLE_SHOWN]) + more if shown else "(none)"
