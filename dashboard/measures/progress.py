"""What the exit-progress page (脱贫进度) says besides its charts: this year's target and plan,
and the sentence of exits by year, from `queries/exit_targets_by_year.sql` and
`queries/exit_progress_by_year.sql`."""

from __future__ import annotations

import pandas as pd

from dashboard.access.small_counts import is_hidden
from dashboard.formatting import format_count
from dashboard.i18n import text


def _value(value: object) -> int | str | None:
    """A whole count, None when missing, or a visitor's hidden label ("<5", "×") as it is."""
    if is_hidden(value):
        return value
    return None if value is None or pd.isna(value) else int(value)


def current_year_target(targets: pd.DataFrame) -> dict[str, int | None]:
    """This year's row of `queries/exit_targets_by_year.sql` (`is_current_year`).

    Targets are None when the year has none; planned exits are 0 when nobody is planned.

    >>> current_year_target(pd.DataFrame({"is_current_year": [False], "target_households": [3],
    ...     "target_people": [9], "planned_households": [1], "planned_people": [2]}))
    {'target_households': None, 'target_people': None, 'planned_households': 0, 'planned_people': 0}
    """
    current = targets[targets["is_current_year"].astype(bool)]
    row = current.iloc[0] if not current.empty else {}
    return {
        "target_households": _value(row.get("target_households")),
        "target_people": _value(row.get("target_people")),
        "planned_households": _value(row.get("planned_households")) or 0,
        "planned_people": _value(row.get("planned_people")) or 0,
    }


def exits_sentence(progress: pd.DataFrame, lang: str) -> str:
    """One sentence listing the exits of every year that had any, both households and people.

    >>> frame = pd.DataFrame({"exit_year": [2014], "exited_households": [1234],
    ...                       "exited_people": [2000]})
    >>> exits_sentence(frame, "zh")
    '各年脱贫：2014年 1,234 户 2,000 人。'
    """
    separator = "；" if lang == "zh" else "; "
    items = [
        text(
            "progress.exits_item",
            lang,
            year=int(row.exit_year),
            households=format_count(row.exited_households),
            people=format_count(row.exited_people),
        )
        for row in progress.itertuples(index=False)
        if is_hidden(row.exited_households) or row.exited_households > 0  # "<5" had some
    ]
    return text("progress.exits_sentence", lang, items=separator.join(items)) if items else ""
