"""Which villages need attention, and why, in words a Party secretary reads in a minute.

Input is `queries/village_attention.sql`'s frame (one row per village). Each village gets one
sentence per concern it has, and a rank: villages are ordered by how many concerns they have,
then by not-exited people, so the list starts where the work is.
"""

from __future__ import annotations

import pandas as pd

from dashboard.access.small_counts import as_number, is_hidden
from dashboard.formatting import format_count
from dashboard.i18n import text
from dashboard.measures.rules import VISIT_WINDOW_DAYS

# The overview links this many of the most concerned villages one by one; the rest are counted
# and stay in the table under them (a province has 16,000 villages: one link each is a page
# of 30,000 elements that takes seconds to send and nobody reads).
ATTENTION_LINKS_SHOWN = 20
TOP_VILLAGES_PER_MEASURE = 3  # "most not-exited people" and "highest incidence": the top three
# A helper who has not come for this many days (the `visited_recently` definition's window).
STALE_VISIT_DAYS = VISIT_WINDOW_DAYS


def rank_villages(
    frame: pd.DataFrame, lang: str = "zh", stale_days: int = STALE_VISIT_DAYS
) -> pd.DataFrame:
    """Villages with at least one concern, most concerned first, with a `reasons` sentence.

    >>> rows = pd.DataFrame({"village_code": ["1"], "village_name": ["山南村"],
    ...     "not_exited_people": [10], "not_exited_households": [4], "incidence": [0.01],
    ...     "unmet_households": [2], "unvisited_households": [0]})
    >>> rank_villages(rows)["reasons"].iloc[0]
    '未脱贫人口较多（10人）；贫困发生率较高（1.00%）；两不愁三保障未达标 2 户'
    """
    if frame.empty:
        return frame.assign(concerns=pd.Series(dtype=int), reasons=pd.Series(dtype=str))
    shown = frame  # a visitor's "<5" cells are ranked as unknown and written "<5"
    frame = as_number(frame)
    most_people = set(
        frame[frame["not_exited_people"] > 0].nlargest(
            TOP_VILLAGES_PER_MEASURE, "not_exited_people"
        )["village_code"]
    )
    highest_incidence = set(
        frame[frame["incidence"].fillna(0) > 0].nlargest(TOP_VILLAGES_PER_MEASURE, "incidence")[
            "village_code"
        ]
    )
    reasons, concerns = [], []
    for row, cells in zip(
        frame.itertuples(index=False), shown.itertuples(index=False), strict=True
    ):
        parts = []
        if row.village_code in most_people:
            parts.append(
                text("attention.most_people", lang, people=format_count(row.not_exited_people))
            )
        if row.village_code in highest_incidence:
            parts.append(text("attention.high_incidence", lang, incidence=f"{row.incidence:.2%}"))
        # None: 两不愁三保障 rests on columns the source did not carry (contract v1.2)
        if is_hidden(cells.unmet_households) or (
            pd.notna(row.unmet_households) and row.unmet_households > 0
        ):
            parts.append(
                text("attention.unmet", lang, households=format_count(cells.unmet_households))
            )
        if is_hidden(cells.unvisited_households) or row.unvisited_households > 0:
            parts.append(
                text(
                    "attention.unvisited",
                    lang,
                    households=format_count(cells.unvisited_households),
                    days=stale_days,
                )
            )
        reasons.append(text("attention.separator", lang).join(parts))
        concerns.append(len(parts))
    ranked = shown.assign(
        concerns=concerns, reasons=reasons, _people=frame["not_exited_people"].fillna(0)
    )
    ranked = ranked[ranked["concerns"] > 0]
    return (
        ranked.sort_values(["concerns", "_people", "village_code"], ascending=[False, False, True])
        .drop(columns="_people")
        .reset_index(drop=True)
    )
