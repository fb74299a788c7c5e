"""The horizontal labelled bar the charts draw for a ranking or a list of units: one bar per
row, its label outside the bar and never clipped by the plot's edge."""

from __future__ import annotations

import plotly.graph_objects as go


def horizontal_bar(
    figure: go.Figure,
    rows: list,
    values: list,
    look: tuple[str, str],
    labels: list[str],
    hover: str,
    **more,
) -> None:
    """Add one trace: a bar per row (`rows` on the y axis) of `values`, `look` its legend name
    and colour, `labels` written beside the bars, `hover` its hover template; `more` for what a
    chart adds (a legend group, custom data, its subplot, labels inside the bars)."""
    name, color = look
    figure.add_bar(
        **{
            "y": rows,
            "x": values,
            "orientation": "h",
            "name": name,
            "marker_color": color,
            "text": labels,
            "textposition": "outside",
            "cliponaxis": False,
            "hovertemplate": hover,
            **more,
        }
    )
