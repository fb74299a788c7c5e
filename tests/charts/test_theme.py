"""The theme's whole-number ticks: a count axis of a few households never reads "1, 1, 2, 2"."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard import theme


def bars(*columns: list[float], barmode: str = "group") -> go.Figure:
    figure = go.Figure([go.Bar(x=list("abc")[: len(c)], y=c) for c in columns])
    figure.update_layout(barmode=barmode)
    return theme.apply(figure)


def test_a_few_households_tick_at_every_whole_number():
    assert bars([1, 3, 0], [2, 1, 1]).layout.yaxis.dtick == 1


def test_many_households_keep_plotlys_own_ticks():
    assert bars([120, 300, 40]).layout.yaxis.dtick is None


def test_stacked_bars_count_their_sums():
    assert bars([5, 6], [5, 6], barmode="stack").layout.yaxis.dtick is None  # up to 12
    assert bars([2, 3], [4, 5], barmode="stack").layout.yaxis.dtick == 1


def test_shares_and_a_chosen_format_are_left_alone():
    assert bars([0.25, 0.5]).layout.yaxis.dtick is None
    money = go.Figure([go.Bar(x=["a"], y=[3])])
    money.update_layout(yaxis_tickformat=".1%")
    assert theme.apply(money).layout.yaxis.dtick is None
    horizontal = theme.apply(go.Figure([go.Bar(y=["a", "b"], x=[1, 2], orientation="h")]))
    assert horizontal.layout.yaxis.dtick is None
