"""Two snapshots to compare, kept in the URL (`?from=2017-06-30&to=2017-12-31`): by default the
latest and the one before. The same date twice stops the page with a warning; dates given the
other way round are put in order and the page says so."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from dashboard.formatting import format_date
from dashboard.i18n import text
from dashboard.ui import state
from dashboard.ui.controls import choice


def snapshot_pair(dates: Sequence[str], lang: str) -> tuple[str, str]:
    """Two pickers side by side over the snapshots' ISO `dates` (oldest first, at least two);
    returns the two as chosen, from and to, never the same."""
    left, right = st.columns(2)
    chosen_from, chosen_to = (
        choice(
            text(f"compare.{end}", lang),
            dates,
            key=f"compare_{end}",
            default=default,
            parameter=end,
            format_func=lambda value: format_date(state.as_date(value), lang),
            container=place,
        )
        for end, default, place in (("from", dates[-2], left), ("to", dates[-1], right))
    )
    if chosen_from == chosen_to:
        st.warning(text("compare.same", lang))
        st.stop()
    if chosen_from > chosen_to:
        st.info(text("compare.swapped", lang))
    return chosen_from, chosen_to
