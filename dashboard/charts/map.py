"""The village map: villages coloured by a measure, drawn as a plain Plotly cartesian figure.

Why not a Plotly map trace: the dashboard runs on a government intranet with no internet.
`go.Choropleth` (geo) fetches its base topology from a CDN and draws nothing offline.
`go.Choroplethmap` with `map_style="white-bg"` draws polygons offline, but MapLibre renders
every piece of text (village names) with glyphs fetched from the network, so the names vanish.
A cartesian figure has neither dependency: polygons are `go.Scatter(fill="toself")` traces in
lon/lat, names are `go.Scatter(mode="text")` drawn by the browser's own fonts, and the y axis is
anchored to x with a ratio of 1 / cos(latitude) so shapes keep their true proportions (at 33°N
a degree of longitude is only 0.84 of a degree of latitude on the ground). Nothing in the figure
refers to a URL; `fig.to_json()` proves it.

Classes: values are split into at most N_CLASSES natural-breaks (Fisher-Jenks) classes, whose
limits are values that occur in the data, so a legend entry such as "3 – 7" means exactly the
villages with 3 to 7, and no two entries overlap. Colours run light to dark along the theme's
SEQUENTIAL ramp, the same one every map and heatmap of the dashboard uses.

Units without a polygon (a shipping company, a fishery) cannot be drawn. Rows of `values` whose
village_code has no polygon are listed in `fig.layout.meta["without_geometry"]` as
`{"village_code", "village_name", "value"}` dicts, for the page to list beside the map. An area
none of whose units has a polygon (a visitor's one village without a boundary) gives a figure with
nothing drawn and every unit in that list, not an error.

A visitor's hidden value ("<5", or "×" beside one: `dashboard.access.small_counts`) is no class
and no "no data" either: its unit is drawn pale, with its label in the legend, name and hover.

Choosing a village on the map: the names trace (mode "text", name "labels") carries each
village's code in `customdata`, so a click selection (`st.plotly_chart(on_select=...)`) says
which village was chosen.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale, unlabel_rgb
from shapely import make_valid
from shapely.geometry import Polygon, box
from shapely.geometry.polygon import orient
from shapely.ops import polylabel

from dashboard.access.small_counts import hidden_label
from dashboard.theme import FONT_FAMILY, SEQUENTIAL, WATER_COLOR

N_CLASSES = 5  # more classes than this and neighbouring colours are hard to tell apart
NO_DATA_COLOR = "#d9d9d9"
# A visitor's hidden cell ("<5", "×"): a value the map may not show, apart from "no data".
HIDDEN_COLOR = "#eeeeee"
OUTLINE_COLOR = "#5a5a5a"
HIGHLIGHT_COLOR = "#08306b"  # dark blue: stands out against every class of the red ramp
WATER_LINE = "#a9cce3"
WATER_TEXT = "#2e6f9e"
MARGIN_FRACTION = 0.06  # empty space around the villages, so outlines do not touch the frame
# Water layers usually reach far beyond the town (a whole lake); they are cut to the view plus
# this much, to keep the figure small and their labels inside the visible part.
WATER_CLIP_FRACTION = 0.5
LABEL_INSET_FRACTION = 0.08  # ~half the width of a three-character name on a 900 px map

DEFAULT_LABELS = {"legend_title": None, "no_data": "no data"}


def village_map(
    boundaries: gpd.GeoDataFrame,
    values: pd.DataFrame,
    *,
    measure_column: str,
    measure_label: str,
    water: gpd.GeoDataFrame | None,
    value_format: str = ",.0f",
    highlight_code: str | None = None,
    labels: dict[str, str] | None = None,
    n_classes: int = N_CLASSES,
    colorscale: str | list[str] | tuple[str, ...] = SEQUENTIAL,
    show_values: bool = True,
    height: int | None = None,
    legend_above: bool = False,
    label_limit: int | None = None,
) -> go.Figure:
    """A map of villages coloured by `values[measure_column]` in a few classes, drawn offline.

    `boundaries`: EPSG:4326, columns village_code, village_name, geometry (as from
    `dashboard.geo.load_boundaries(...).gdf`). `values`: one row per unit, columns village_code
    and `measure_column` (and village_name, used for units listed without geometry).
    `water`: optional EPSG:4326 context layer with an optional `name` column, drawn under the
    villages. `labels`: `legend_title` (default `measure_label`) and `no_data` (legend entry of
    villages with a polygon but no value). All visible words come from the caller.
    `height` in pixels, when the page wants more than Plotly's default 450. `legend_above`
    lays the classes out in one row above the map instead of in a column beside it, leaving
    the map the figure's whole width (for a wide town in a narrow column). `label_limit`: name
    only that many units, the largest on the map (None: every unit, as a town's map does); the
    others show their name and value on hover, and every unit has a point to click.

    Example:
        village_map(result.gdf, frame, measure_column="not_exited_households",
                    measure_label="未脱贫户", water=water, labels={"no_data": "无数据"})
    """
    texts = {**DEFAULT_LABELS, **(labels or {})}
    legend_title = texts["legend_title"] or measure_label
    value_by_code = _values_by_code(values, measure_column)
    hidden_by_code = _hidden_by_code(values, measure_column)

    drawn_codes = [str(code) for code in boundaries["village_code"]]
    drawn_values = np.array([value_by_code.get(code, np.nan) for code in drawn_codes], dtype=float)
    drawn_hidden = [hidden_by_code.get(code) for code in drawn_codes]
    classes = _natural_breaks_classes(drawn_values[~np.isnan(drawn_values)], n_classes)
    colors = _class_colors(len(classes), colorscale)

    def fmt(value: float, hidden: str | None = None) -> str:
        if hidden is not None:
            return hidden  # a visitor's "<5" (or "×"): said so, not "no data"
        return texts["no_data"] if np.isnan(value) else format(value, value_format)

    class_labels = [
        fmt(low) if low == high else f"{fmt(low)} – {fmt(high)}" for low, high in classes
    ]

    fig = go.Figure()
    bounds = _view_bounds(boundaries)
    if water is not None and len(water) and bounds is not None:
        _add_water(fig, water, bounds, boundaries.union_all())

    # Legend entries first, so the legend lists classes low to high however villages are ordered.
    for index, (label, color) in enumerate(zip(class_labels, colors, strict=True)):
        fig.add_trace(_legend_swatch(label, color, f"class-{index}"))
    no_data = [np.isnan(v) and h is None for v, h in zip(drawn_values, drawn_hidden, strict=True)]
    if any(no_data):
        fig.add_trace(_legend_swatch(texts["no_data"], NO_DATA_COLOR, "no-data"))
    for hidden in dict.fromkeys(label for label in drawn_hidden if label is not None):
        fig.add_trace(_legend_swatch(hidden, HIDDEN_COLOR, f"hidden-{hidden}"))

    label_x, label_y, label_text, label_hover, label_color = [], [], [], [], []
    highlighted = None
    for code, name, geometry, value, hidden in zip(
        drawn_codes,
        boundaries["village_name"],
        boundaries.geometry,
        drawn_values,
        drawn_hidden,
        strict=True,
    ):
        class_index = _class_of(value, classes)
        fill = NO_DATA_COLOR if class_index is None else colors[class_index]
        fill = HIDDEN_COLOR if hidden is not None else fill
        group = "no-data" if class_index is None else f"class-{class_index}"
        group = f"hidden-{hidden}" if hidden is not None else group
        hover = f"{name}<br>{measure_label}: {fmt(value, hidden)}"
        trace = _filled(
            geometry,
            fill,
            {"color": OUTLINE_COLOR, "width": 1},
            # Hovering a fill shows the trace name (Plotly ignores hovertemplate on fills).
            name=hover,
            hoveron="fills",
            legendgroup=group,
            meta={"village_code": code, "class_index": class_index},
        )
        if code == highlight_code:
            highlighted = trace
        else:
            fig.add_trace(trace)
        point = geometry.representative_point()
        label_x.append(point.x)
        label_y.append(point.y)
        value_line = (
            f"<br><span style='font-size:10px'>{fmt(value, hidden)}</span>" if show_values else ""
        )
        label_text.append(f"{name}{value_line}")
        label_hover.append(hover)
        label_color.append(_text_color_on(fill))
    if highlighted is not None:
        # Drawn last and thick, so no neighbour's outline covers it.
        highlighted.line = {"color": HIGHLIGHT_COLOR, "width": 3}
        fig.add_trace(highlighted)

    named = _labelled(boundaries.geometry, label_limit)
    if not all(named):
        # Units too small to name still answer a hover and a click, at their middle.
        fig.add_trace(
            go.Scatter(
                x=[x for x, keep in zip(label_x, named, strict=True) if not keep],
                y=[y for y, keep in zip(label_y, named, strict=True) if not keep],
                mode="markers",
                marker={"size": 5, "color": OUTLINE_COLOR, "opacity": 0.6},
                hovertext=[h for h, keep in zip(label_hover, named, strict=True) if not keep],
                hovertemplate="%{hovertext}<extra></extra>",
                customdata=[c for c, keep in zip(drawn_codes, named, strict=True) if not keep],
                showlegend=False,
                name="unnamed",
            )
        )
        label_x, label_y, label_text, label_hover, label_color, label_codes = (
            [value for value, keep in zip(column, named, strict=True) if keep]
            for column in (label_x, label_y, label_text, label_hover, label_color, drawn_codes)
        )
    else:
        label_codes = drawn_codes
    fig.add_trace(
        _text_trace(
            (label_x, label_y, label_text),
            {"size": 12, "color": label_color},
            "labels",
            hovertext=label_hover,
            hovertemplate="%{hovertext}<extra></extra>",
            customdata=label_codes,  # which unit a clicked name belongs to
        )
    )

    without_geometry = _without_geometry(values, measure_column, set(drawn_codes))
    _layout(fig, bounds, legend_title)
    if height is not None:
        fig.update_layout(height=height)
    if legend_above:
        # Above the plot area, not over it: any corner of a town map may hold a village.
        fig.update_layout(
            legend={"orientation": "h", "x": 0.0, "xanchor": "left", "y": 1.0, "yanchor": "bottom"},
            margin={"t": 40},
        )
    fig.update_layout(
        meta={
            "without_geometry": without_geometry,
            "classes": [
                {"label": label, "lower": low, "upper": high, "color": color}
                for (low, high), label, color in zip(classes, class_labels, colors, strict=True)
            ],
        }
    )
    return fig


def _labelled(geometries: gpd.GeoSeries, label_limit: int | None) -> list[bool]:
    """Which units get a name on the map: all, or the `label_limit` largest by area."""
    if label_limit is None or len(geometries) <= label_limit:
        return [True] * len(geometries)
    areas = np.asarray(geometries.area, dtype=float)
    largest = set(np.argsort(-areas, kind="stable")[:label_limit].tolist())
    return [position in largest for position in range(len(geometries))]


# --- classes -----------------------------------------------------------------------------------


def _natural_breaks_classes(data: np.ndarray, n_classes: int) -> list[tuple[float, float]]:
    """Fisher-Jenks optimal classes as (lowest, highest) value pairs, low to high.

    Breaks fall only between distinct values, so equal values always share a class. Exact
    dynamic programming over distinct values, vectorised over the start of the last class.
    """
    distinct, counts = np.unique(data, return_counts=True)
    k = min(n_classes, len(distinct))
    if k == 0:
        return []
    weights = counts.astype(float)
    cum_w = np.concatenate([[0.0], np.cumsum(weights)])
    cum_wx = np.concatenate([[0.0], np.cumsum(weights * distinct)])
    cum_wxx = np.concatenate([[0.0], np.cumsum(weights * distinct**2)])

    def cost(start, stop):  # squared deviations of distinct[start:stop], start may be an array
        w = cum_w[stop] - cum_w[start]
        sx = cum_wx[stop] - cum_wx[start]
        return cum_wxx[stop] - cum_wxx[start] - sx * sx / w

    n = len(distinct)
    best = np.full((k + 1, n + 1), np.inf)
    split = np.zeros((k + 1, n + 1), dtype=int)
    best[0, 0] = 0.0
    for classes in range(1, k + 1):
        for stop in range(classes, n + 1):
            # Every start at once (numpy): hundreds of units stay instant.
            starts = np.arange(classes - 1, stop)
            totals = best[classes - 1, starts] + cost(starts, stop)
            position = int(np.argmin(totals))
            best[classes, stop], split[classes, stop] = totals[position], starts[position]
    bounds, stop = [], n
    for classes in range(k, 0, -1):
        start = split[classes, stop]
        bounds.append((float(distinct[start]), float(distinct[stop - 1])))
        stop = start
    return bounds[::-1]


def _class_of(value: float, classes: list[tuple[float, float]]) -> int | None:
    if np.isnan(value):
        return None
    for index, (_, high) in enumerate(classes):
        if value <= high:
            return index
    return len(classes) - 1


def _class_colors(count: int, colorscale: str | list[str] | tuple[str, ...]) -> list[str]:
    """`count` colours from the light end to the dark end, skipping the palest near-white tint."""
    if count == 0:
        return []
    colorscale = colorscale if isinstance(colorscale, str) else list(colorscale)
    if count == 1:
        return sample_colorscale(colorscale, [0.6])
    return sample_colorscale(colorscale, list(np.linspace(0.12, 1.0, count)))


def _text_color_on(fill: str) -> str:
    """Dark text on light fills, white on dark ones (relative luminance, WCAG weights)."""
    red, green, blue = unlabel_rgb(fill) if fill.startswith("rgb") else _hex_to_rgb(fill)
    luminance = (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255
    return "#1a1a1a" if luminance > 0.5 else "#ffffff"


def _hex_to_rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


# --- geometry ----------------------------------------------------------------------------------


def _polygon_path(geometry) -> tuple[list[float | None], list[float | None]]:
    """All rings of a geometry's polygons as one path, rings separated by None.

    Exteriors counter-clockwise and holes clockwise: the browser fills the path with the
    nonzero rule, so opposite winding leaves holes (a lake island) unfilled.
    """
    xs: list[float | None] = []
    ys: list[float | None] = []
    for polygon in _polygons(geometry):
        polygon = orient(polygon, sign=1.0)
        for ring in (polygon.exterior, *polygon.interiors):
            ring_x, ring_y = ring.xy
            if xs:
                xs.append(None)
                ys.append(None)
            xs.extend(round(x, 6) for x in ring_x)  # 1e-6° ≈ 0.1 m: finer is only bytes
            ys.extend(round(y, 6) for y in ring_y)
    return xs, ys


def _view_bounds(boundaries: gpd.GeoDataFrame) -> tuple[float, float, float, float] | None:
    """The villages' extent plus MARGIN_FRACTION on every side; None when no unit has a shape
    (an area whose one village has no boundary: its extent is NaN, which Plotly refuses)."""
    if boundaries.empty:
        return None
    minx, miny, maxx, maxy = boundaries.total_bounds
    if not np.isfinite([minx, miny, maxx, maxy]).all():
        return None
    pad = MARGIN_FRACTION * max(maxx - minx, maxy - miny, 1e-4)
    return minx - pad, miny - pad, maxx + pad, maxy + pad


def _add_water(fig: go.Figure, water: gpd.GeoDataFrame, bounds, land) -> None:
    """Water polygons cut to around the view, light blue, names in italic blue at their middle."""
    minx, miny, maxx, maxy = bounds
    grow = WATER_CLIP_FRACTION * max(maxx - minx, maxy - miny)
    clip_box = (minx - grow, miny - grow, maxx + grow, maxy + grow)
    clipped = water.clip(clip_box)
    clipped = clipped[clipped.geometry.notna() & ~clipped.geometry.is_empty]
    names = clipped["name"] if "name" in clipped.columns else pd.Series(None, index=clipped.index)
    # Water labels sit inside an inner box, so a name is never cut in half by the frame.
    inset = LABEL_INSET_FRACTION * max(maxx - minx, maxy - miny)
    label_box = box(minx + inset, miny + inset, maxx - inset, maxy - inset)
    label_x, label_y, label_text = [], [], []
    for geometry, name in zip(clipped.geometry, names, strict=True):
        geometry = make_valid(geometry)
        if not _polygons(geometry):
            continue
        fig.add_trace(
            _filled(
                geometry,
                WATER_COLOR,
                {"color": WATER_LINE, "width": 0.5},
                hoverinfo="skip",
                name=str(name) if isinstance(name, str) else "water",
            )
        )
        # Label open water: the largest visible piece not covered by villages, at the point
        # farthest from its edges (polylabel), so the name sits in the lake, not on its shore.
        open_water = _polygons(geometry.intersection(label_box).difference(land))
        if isinstance(name, str) and name and open_water:
            piece = max(open_water, key=lambda part: part.area)
            point = polylabel(piece, tolerance=piece.length / 1000)
            label_x.append(point.x)
            label_y.append(point.y)
            label_text.append(f"<i>{name}</i>")
    if label_text:
        fig.add_trace(
            _text_trace(
                (label_x, label_y, label_text),
                {"size": 13, "color": WATER_TEXT},
                "water labels",
                hoverinfo="skip",
            )
        )


def _filled(geometry, fill: str, line: dict, **more) -> go.Scatter:
    """A polygon (a village or a piece of water) filled with `fill`, outlined by `line`, out of
    the legend; `more` names it and says what hovering it shows."""
    xs, ys = _polygon_path(geometry)
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        fill="toself",
        fillcolor=fill,
        line=line,
        showlegend=False,
        **more,
    )


def _text_trace(labels: tuple[list, list, list], font: dict, name: str, **hover) -> go.Scatter:
    """Names drawn on the map, (x, y, text) each, out of the legend; `hover` says what a
    pointer over them shows (nothing, or the unit and its value)."""
    x, y, text = labels
    return go.Scatter(
        x=x,
        y=y,
        mode="text",
        text=text,
        textfont={"family": FONT_FAMILY, **font},
        showlegend=False,
        name=name,
        **hover,
    )


def _polygons(geometry) -> list[Polygon]:
    """The non-empty polygons in any geometry (clipping can return collections with lines)."""
    if geometry is None or geometry.is_empty:
        return []
    if isinstance(geometry, Polygon):
        return [geometry]
    if hasattr(geometry, "geoms"):
        return [polygon for part in geometry.geoms for polygon in _polygons(part)]
    return []


# --- figure ------------------------------------------------------------------------------------


def _legend_swatch(label: str, color: str, group: str) -> go.Scatter:
    """A legend-only trace: a coloured square with the class range beside it."""
    return go.Scatter(
        x=[None],
        y=[None],
        mode="markers",
        marker={
            "symbol": "square",
            "size": 14,
            "color": color,
            "line": {"color": OUTLINE_COLOR, "width": 1},
        },
        name=label,
        legendgroup=group,
        showlegend=True,
        hoverinfo="skip",
    )


def _layout(fig: go.Figure, bounds, legend_title: str) -> None:
    """The figure's look; `bounds` None (nothing to draw) leaves the axes to Plotly, unscaled."""
    minx, miny, maxx, maxy = bounds if bounds is not None else (None, None, None, None)
    mid_latitude = (miny + maxy) / 2 if bounds is not None else 0.0
    fig.update_layout(
        template="none",  # the default template adds nothing we need and many settings we'd undo
        font={"family": FONT_FAMILY, "size": 13, "color": "#222222"},
        hoverlabel={"font": {"family": FONT_FAMILY}},
        legend={
            "title": {"text": legend_title},
            "itemclick": False,  # clicking a class would hide only its swatch, not its villages
            "itemdoubleclick": False,
            # Beside the map, not over it: any corner of a town map may hold a village.
            "x": 1.01,
            "xanchor": "left",
            "y": 1.0,
            "yanchor": "top",
        },
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        hovermode="closest",
        dragmode="pan",
        xaxis={
            "visible": False,
            "range": [minx, maxx] if bounds is not None else None,
            "constrain": "domain",
        },
        yaxis={
            "visible": False,
            "range": [miny, maxy] if bounds is not None else None,
            "scaleanchor": "x",
            # One degree of latitude spans 1/cos(lat) times the ground distance of one degree
            # of longitude; without this the town looks stretched east-west.
            "scaleratio": 1 / math.cos(math.radians(mid_latitude)),
            "constrain": "domain",
        },
    )


# --- values ------------------------------------------------------------------------------------


def _values_by_code(values: pd.DataFrame, measure_column: str) -> dict[str, float]:
    numbers = pd.to_numeric(values[measure_column], errors="coerce").astype(float)
    return dict(zip(values["village_code"].astype(str), numbers, strict=True))


def _hidden_by_code(values: pd.DataFrame, measure_column: str) -> dict[str, str]:
    """The units whose value a visitor may not see, with its label ("<5" or "×")."""
    return {
        str(code): label
        for code, value in zip(values["village_code"], values[measure_column], strict=True)
        if (label := hidden_label(value)) is not None
    }


def _without_geometry(values: pd.DataFrame, measure_column: str, drawn: set[str]) -> list[dict]:
    """Rows of `values` that have no polygon, as plain JSON-ready dicts."""
    rows = []
    for _, row in values.iterrows():
        code = str(row["village_code"])
        if code in drawn:
            continue
        value = pd.to_numeric(row[measure_column], errors="coerce")
        name = row.get("village_name")
        hidden = hidden_label(row[measure_column])
        rows.append(
            {
                "village_code": code,
                "village_name": None if pd.isna(name) else str(name),
                # A visitor's hidden value keeps its label ("<5"), not "no data".
                "value": hidden if hidden else (None if pd.isna(value) else float(value)),
            }
        )
    return rows
