"""The logic checks' findings on /quality, a village at a time: pick a village (the one with the
most findings first), download its list as a workbook for its cadre, or read that it has none.

The findings are kept once per snapshot (`dashboard.checks.stored_findings`); the workbook is
made only when the reader asks for it (`checks.village_workbook`).
"""

from __future__ import annotations

import datetime as dt
import functools

import pandas as pd
import streamlit as st

from dashboard import checks
from dashboard.i18n import text
from dashboard.measures import quality as measures
from dashboard.ui import state
from dashboard.ui.controls import choice

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def village_workbook(
    by_village: pd.DataFrame, villages: pd.DataFrame, snapshot_date: dt.date, lang: str
) -> None:
    """The village picker (`?village=`) and the chosen village's workbook; nothing when no
    village is listed. `by_village` are the counts by village, `villages` their names."""
    village_counts, village_names = measures.village_findings(by_village, lang)
    if not village_counts:
        return
    left, right = st.columns([2, 3])
    village_code = choice(
        text("quality.village_picker", lang),
        list(village_counts),
        key="quality_village",
        default=measures.busiest(village_counts),
        parameter="village",
        format_func=lambda code: measures.village_option(code, village_counts, village_names, lang),
        container=left,
    )
    name = village_names[village_code]
    if not village_counts[village_code]:
        right.info(text("quality.village_clean", lang, name=name))
        return
    own = checks.findings_table(
        checks.stored_findings(state.query, snapshot_date, village_code=village_code),
        villages,
        lang,
    )
    right.download_button(
        text("quality.download_village", lang, name=name),
        functools.partial(checks.village_workbook, own, village_code or None, lang),
        file_name=f"疑点_{name}_{snapshot_date.isoformat()}.xlsx",
        mime=XLSX_MIME,
        key="quality_village_xlsx",
        on_click="ignore",
        type="primary",
    )
