"""One theme for every page and export: colours by meaning, fonts that show Chinese, one template.

A status, a program or a village has the same colour wherever it appears, so a reader who
learnt "red is not yet exited" on the overview can trust it on the map and in the deck.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go
import plotly.io as pio

from dashboard import contract

# Chinese first: the browser (and Kaleido's Chromium) pick the first font they have.
FONT_FAMILY = (
    "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, "
    "WenQuanYi Micro Hei, sans-serif"
)
TEXT_COLOR = "#262730"
GRID_COLOR = "#E6E2DA"
ACCENT = "#C8102E"  # the app's primary colour (.streamlit/config.toml)

STATUS_COLORS = {
    "not_exited": "#C8102E",  # still poor: the colour that asks for attention
    "relapsed": "#E8772E",
    "exited": "#2E7D5B",
    "removed": "#9E9E9E",
}
# Household attributes, from ordinary to the most supported: 一般, 低保, 特困供养.
ATTRIBUTE_COLORS = {"general": "#8DA0CB", "dibao": "#E5A04B", "tekun": "#9E3D64"}
# Helper levels: 市 city, 镇 town, 村 village contacts.
LEVEL_COLORS = {"city": "#5B4B8A", "town": "#2A9D8F", "village": "#B8860B"}
TARGET_COLOR = "#3A5A8C"  # plans and targets, against actuals in status colours
WATER_COLOR = "#CFE3F3"
LAND_COLOR = "#F4F1EA"

PROGRAM_COLORS = dict(
    zip(
        contract.PROGRAMS,
        (
            "#3A5A8C",  # education_aid
            "#6C8EBF",  # rainbow_plan
            "#8E6C8A",  # transport_subsidy
            "#A0522D",  # housing_renovation
            "#7BA23F",  # industry_planting
            "#D4A017",  # industry_breeding
            "#F2B134",  # pv_income
            "#4E9A9A",  # loan_dividend
            "#B5651D",  # public_welfare_job
            "#C8102E",  # health_aid
        ),
        strict=True,
    )
)

# Villages in code order take these in turn; eleven units, twelve colours.
VILLAGE_PALETTE = (
    "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948",
    "#B07AA1", "#FF9DA7", "#9C755F", "#BAB0AC", "#86BCB6", "#D37295",
)  # fmt: skip

# Sequential classes for maps and heatmaps: light where all is well, dark where work remains.
SEQUENTIAL = ("#FFF5E6", "#FDD49E", "#FC8D59", "#D7301F", "#7F0000")
# A cell whose figure the snapshot's source did not carry (contract v1.2, "来源未提供"): a
# neutral grey, outside every scale, so it reads neither as none (the scale's lightest) nor as many.
NOT_IN_SOURCE_COLOR = "#D9D9D9"


def village_colors(village_codes: list[str]) -> dict[str, str]:
    """A stable colour per village: the n-th code in sorted order takes the n-th colour."""
    return {
        code: VILLAGE_PALETTE[index % len(VILLAGE_PALETTE)]
        for index, code in enumerate(sorted(village_codes))
    }


# The trace types our charts draw: plotly_white's defaults for the other twenty (3-D, polar,
# carpet …) would be copied and validated into every figure, 33 ms a chart instead of 9.
TRACE_TYPES = ("bar", "scatter", "heatmap", "histogram", "pie", "choropleth", "choroplethmap")


_SEPARATORS = ".,"  # decimal point, thousands comma: 1,372 and 59.82


def hover(head: str, *parts: str) -> str:
    """A hover template: `head`, then the parts joined by " · ", without Plotly's side box.

    hover("%{y}: ", "1,234 户") is "%{y}: 1,234 户<extra></extra>".
    """
    return head + " · ".join(parts) + "<extra></extra>"


def _template() -> go.layout.Template:
    base = pio.templates["plotly_white"]
    trace_defaults = base.data.to_plotly_json()
    template = go.layout.Template(
        layout=base.layout,
        data={name: trace_defaults[name] for name in TRACE_TYPES if name in trace_defaults},
    )
    template.layout.font = {"family": FONT_FAMILY, "color": TEXT_COLOR, "size": 14}
    template.layout.title = {"font": {"size": 16}}
    template.layout.colorway = list(VILLAGE_PALETTE)
    template.layout.separators = _SEPARATORS
    template.layout.margin = {"l": 56, "r": 16, "t": 48, "b": 48}
    template.layout.hoverlabel = {"font": {"family": FONT_FAMILY}}
    template.layout.legend = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0}
    template.layout.xaxis = {"gridcolor": GRID_COLOR}
    template.layout.yaxis = {"gridcolor": GRID_COLOR, "tickformat": ",d"}
    return template


TEMPLATE_NAME = "tuopin"
pio.templates[TEMPLATE_NAME] = _template()
# Plotly's default from here on: a figure takes the template when it is made, for about a
# millisecond, where assigning it to a finished figure validates a deep copy of it (10–15 ms a
# chart, a third of a warm page's time on a town).
pio.templates.default = TEMPLATE_NAME


def apply(figure: go.Figure) -> go.Figure:
    """Give a figure the project's template (builders call this last).

    Made after this module was imported, a figure already has it (the default); one whose
    template is another (made before, or given one) gets the project's.
    """
    own = figure.layout.template.layout  # the figure's copy: compare what marks ours
    if own.font.family != FONT_FAMILY or own.separators != _SEPARATORS:
        figure.update_layout(template=TEMPLATE_NAME)
    _whole_number_ticks(figure)
    return figure


SMALL_COUNT_TICKS = 10  # a count axis up to this ticks at every whole number


def _whole_number_ticks(figure: go.Figure) -> None:
    """A y axis of small counts ticks at whole numbers: plotly puts ticks at half steps, which
    the template's whole-number format (",d") reads "0, 1, 1, 2, 2, 3"."""
    axis = figure.layout.yaxis
    if axis.dtick is not None or axis.tickformat not in (None, ",d"):
        return
    columns: list[list[float]] = []
    for trace in figure.data:
        if trace.type not in ("bar", "scatter") or (trace.yaxis or "y") != "y":
            continue
        if getattr(trace, "orientation", None) == "h" or trace.y is None:
            continue
        try:
            column = [abs(float(value)) for value in trace.y if value is not None]
        except (TypeError, ValueError):
            return  # text values: not a count axis
        columns.append([value for value in column if math.isfinite(value)])
    values = [value for column in columns for value in column]
    if not values or any(not value.is_integer() for value in values):
        return
    stacked = figure.layout.barmode in ("stack", "relative")
    top = sum(max(column, default=0) for column in columns) if stacked else max(values)
    if 0 < top <= SMALL_COUNT_TICKS:
        figure.update_layout(yaxis_dtick=1)
