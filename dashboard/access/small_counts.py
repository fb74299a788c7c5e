"""Small counts for visitors: a cell that stands for fewer than 5 households reads "<5".

Applied by the data layer (`dashboard.data.Database.run`) to every frame a visitor's viewer
reads, so every table, chart, download and deck built from it gets it; the formatters
(`dashboard.formatting`) and the chart builders accept the label (`as_number`).

Which cells stand for households, by the query files' own vocabulary:

- a household count: an integer column whose name says `households` (`households`,
  `exited_households`, `n_households`…) or one of `HOUSEHOLD_COUNTS` (the not-ready reasons);
- its people: the same name with `people` for `households` (`exited_people`);
- the whole row, when the row's own households (`households`, `registered_households`) are
  1-4: every number in it (people, yuan, payments, shares) stands for those households;
- a share or a per-household figure computed from a household count that was hidden
  (`DERIVED_FROM`: `incidence` from `not_exited_households`…): it would give the count back.

A count of 0 stays 0 (nothing is told about anyone) and 5 or more stays as it is.

Complementary suppression (issue 25): a "<5" must not come back by subtraction, from the
total of its column (the town's count on the overview card beside a village of 4) or from the
total of its row (registered households beside exited and not exited). So where a column, or
a column within one value of a key (a village's years), holds exactly one hidden cell, the
smallest other non-zero cell of it is hidden too, written "×" (it is 5 or more: "<5" would be
untrue); the same for the parts of a total in one row (`ROW_PARTS`), and for the people,
shares and per-household figures of a count so hidden. Repeated until nothing changes, so a
cell hidden for one reason is counted for the others. The total itself stays: the area's
totals are the point of the page, and with two cells hidden the difference names neither.
This is the one place the rule lives: every frame a visitor reads passes here.
"""

from __future__ import annotations

import re

import pandas as pd

SMALL_COUNT_LIMIT = 5  # fewer households than this in one cell could point at a family
SMALL_COUNT_LABEL = "<5"
# A cell of 5 or more hidden so that no "<5" beside it can be worked out by subtraction.
SUPPRESSED_LABEL = "×"
HIDDEN_LABELS = frozenset({SMALL_COUNT_LABEL, SUPPRESSED_LABEL})
# Totals the query files give beside their parts in one row (household_totals,
# exit_target_progress): a hidden part hides a second part, or the total gives it back.
ROW_PARTS = {
    "households": ("exited_households", "not_exited_households"),
    "registered_households": ("exited_households", "not_exited_households"),
    "registered_people": ("exited_people", "not_exited_people"),
    "planned_households": ("ready_households", "not_ready_households"),
    "planned_people": ("ready_people", "not_ready_people"),
}
MAX_SUPPRESSION_ROUNDS = 20  # each round hides at least one more cell; a frame settles in 2-3
HOUSEHOLD_COUNT_COLUMN = re.compile(r"(^|_)households($|_)")
# Household counts whose name does not say so (queries/exit_target_progress.sql's reasons).
HOUSEHOLD_COUNTS = frozenset(
    {
        "income_below_line",
        "housing_unsafe",
        "water_unsafe",
        "someone_uninsured",
        "child_out_of_school",
    }
)
# A row's own households: when these are small, every number of the row stands for them.
ROW_HOUSEHOLDS = ("households", "registered_households", "n_households")
DERIVED_COLUMN = re.compile(r"incidence|share|_per_|coverage|rate")
# Which household count each share or per-household figure of the query files divides by or
# counts: hidden with it.
DERIVED_FROM = {
    "incidence": "not_exited_households",
    "exited_share": "exited_households",
    "visit_coverage": "visited_households",
    "yuan_per_household": "households",
    "reached_share_of_registered": "reached_households",
    "reached_share_of_not_exited": "reached_not_exited_households",
    "yuan_per_reached_household": "reached_households",
    "yuan_per_registered_household": "registered_households",
}
# Columns that are labels or keys, never measures, even when numeric.
LABEL_COLUMNS = re.compile(
    r"(^|_)(year|half|quarter|code|id|month|date|seq|rank|order|population)($|_)"
)


def _whole_numbers(series: pd.Series) -> bool:
    if pd.api.types.is_integer_dtype(series.dtype):
        return True
    if pd.api.types.is_float_dtype(series.dtype):  # counts that came back as floats
        values = series.dropna()
        return bool((values == values.round()).all())
    return False


def household_count_columns(frame: pd.DataFrame) -> list[str]:
    """The whole-number columns of a frame that count households."""
    return [
        name
        for name in frame.columns
        if (HOUSEHOLD_COUNT_COLUMN.search(str(name)) or name in HOUSEHOLD_COUNTS)
        and not str(name).endswith("_share")
        and not DERIVED_COLUMN.search(str(name))
        and _whole_numbers(frame[name])
    ]


def _measure_columns(frame: pd.DataFrame) -> list[str]:
    return [
        name
        for name in frame.columns
        if pd.api.types.is_numeric_dtype(frame[name].dtype)
        and not pd.api.types.is_bool_dtype(frame[name].dtype)
        and not LABEL_COLUMNS.search(str(name))
    ]


def _small(series: pd.Series) -> pd.Series:
    return series.between(1, SMALL_COUNT_LIMIT - 1)


def small_cells(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """Per column, which rows must read "<5" (only columns with at least one such row)."""
    counts = household_count_columns(frame)
    measures = _measure_columns(frame)
    hidden: dict[str, pd.Series] = {}

    def hide(column: str, rows: pd.Series) -> None:
        if column in frame.columns and rows.any():
            hidden[column] = hidden.get(column, pd.Series(False, index=frame.index)) | rows

    for column in counts:
        rows = _small(frame[column])
        hide(column, rows)
        hide(str(column).replace("households", "people"), rows)
        if column in ROW_HOUSEHOLDS:
            for other in measures:
                hide(other, rows)
    for derived, count in DERIVED_FROM.items():
        if derived in frame.columns and count in hidden:
            hide(derived, hidden[count])
    return hidden


def _key_columns(frame: pd.DataFrame) -> list[str]:
    """The columns that name what a row is (a village's code or name, a year, an item): the
    groups within which a column's cells add up to a total shown elsewhere (a village's
    years to the village, an item's batches to the item)."""
    return [
        name
        for name in frame.columns
        if LABEL_COLUMNS.search(str(name))
        or not pd.api.types.is_numeric_dtype(frame[name].dtype)
        or pd.api.types.is_bool_dtype(frame[name].dtype)
    ]


def complementary_cells(frame: pd.DataFrame, primary: dict[str, pd.Series]) -> dict[str, pd.Series]:
    """Per column, the cells to hide besides `primary` so that no primary cell is the only
    hidden one of its column, of its column within a key's value, or of its row's parts.

    Whole columns at a time (a province's village-by-year frame has 65,000 rows).
    """
    numbers = {
        name: pd.to_numeric(frame[name], errors="coerce")
        for name in frame.columns
        if pd.api.types.is_numeric_dtype(frame[name].dtype)
        and not pd.api.types.is_bool_dtype(frame[name].dtype)
    }
    none = pd.Series(False, index=frame.index)
    secondary: dict[str, pd.Series] = {}

    def hidden(name: str) -> pd.Series:
        return primary.get(name, none) | secondary.get(name, none)

    def hide(name: str, rows: pd.Index) -> None:
        if rows.empty:
            return
        secondary[name] = secondary.get(name, none).copy()
        secondary[name].loc[rows] = True
        twin = name.replace("households", "people") if "households" in name else None
        if twin in numbers:
            more = rows[(numbers[twin].loc[rows] > 0).to_numpy() & ~hidden(twin).loc[rows]]
            hide(twin, more)
        for derived, count in DERIVED_FROM.items():
            if count == name and derived in frame.columns:
                secondary[derived] = secondary.get(derived, none).copy()
                secondary[derived].loc[rows] = True

    def protect(name: str, groups: pd.Series | None) -> bool:
        """In each group (the whole column when `groups` is None) holding exactly one hidden
        cell, hide its smallest visible non-zero cell too."""
        values, shut = numbers[name], hidden(name)
        keys = groups if groups is not None else pd.Series(0, index=frame.index)
        shut_count = shut.groupby(keys, dropna=False).transform("sum")
        size = keys.groupby(keys, dropna=False).transform("size")
        candidates = values[(shut_count == 1) & (size > 1) & ~shut & (values > 0)]
        if candidates.empty:
            return False  # the others are 0: the total is the hidden cell, hidden itself
        picks = candidates.groupby(keys.loc[candidates.index], dropna=False).idxmin()
        hide(name, pd.Index(picks.to_numpy()))
        return True

    keys = _key_columns(frame)
    for _round in range(MAX_SUPPRESSION_ROUNDS):
        changed = False
        for name in [n for n in numbers if n not in keys and hidden(n).any()]:
            changed |= protect(name, None)
            for key in keys:
                changed |= protect(name, frame[key])
        for total, parts in ROW_PARTS.items():
            present = [part for part in parts if part in numbers]
            if total not in frame.columns or len(present) < 2:
                continue
            shut_parts = sum(hidden(part).astype(int) for part in present)
            need = ~hidden(total) & (shut_parts == 1)
            if not need.any():
                continue
            visible = pd.DataFrame(
                {part: numbers[part].where(~hidden(part) & (numbers[part] > 0)) for part in present}
            )[need].dropna(how="all")
            if visible.empty:
                continue
            chosen = visible.idxmin(axis=1)
            for part in present:
                hide(part, chosen.index[(chosen == part).to_numpy()])
            changed = True
        if not changed:
            break
    return {name: rows & ~primary.get(name, none) for name, rows in secondary.items() if rows.any()}


def hide_small_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy in which every cell standing for 1 to 4 households reads "<5" (text columns), and
    the cells that would give one back by subtraction read "×" (`complementary_cells`).

    >>> hide_small_counts(pd.DataFrame({"households": [3, 9, 40], "people": [7, 20, 90]}))
      households people
    0         <5     <5
    1          ×      ×
    2         40     90
    """
    cells = small_cells(frame)
    if not cells:
        return frame
    extra = complementary_cells(frame, cells)
    hidden = frame.copy()
    for name in {*cells, *extra}:
        column = hidden[name].astype(object)
        if name in extra:
            column = column.where(~extra[name], SUPPRESSED_LABEL)
        if name in cells:
            column = column.where(~cells[name], SMALL_COUNT_LABEL)
        hidden[name] = column
    hidden.attrs["small_counts_hidden"] = sorted({*cells, *extra})
    return hidden


def is_hidden(value: object) -> bool:
    """Whether a cell is a visitor's label ("<5", or "×" hidden beside one) and not a number."""
    return isinstance(value, str) and value in HIDDEN_LABELS


def hidden_label(value: object) -> str | None:
    """The label a hidden cell is written with ("<5" or "×"); None for a number."""
    return value if is_hidden(value) else None


def as_number(values):
    """Numbers for computing and drawing: "<5" reads as missing (NaN), the rest as they are.

    Takes one value, a Series or a frame (only the columns holding "<5" change); a chart
    gives a hidden cell no bar, and its label says "<5".
    """
    if isinstance(values, pd.DataFrame):
        hidden = [name for name in values.columns if values[name].map(is_hidden).any()]
        if not hidden:
            return values
        numbers = values.copy()
        for name in hidden:
            numbers[name] = as_number(values[name])
        return numbers
    if isinstance(values, pd.Series):
        return pd.to_numeric(values.where(~values.map(is_hidden), None), errors="coerce")
    return None if is_hidden(values) else values


def displayable(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame a table widget can show: a column holding "<5" beside numbers becomes text.

    (Arrow, under `st.dataframe`, holds one type per column.) Whole numbers keep no ".0".
    """
    # Only a column of Python objects can hold the "<5" text beside numbers.
    hidden = [
        name
        for name in frame.columns
        if frame[name].dtype == object and frame[name].map(is_hidden).any()
    ]
    if not hidden:
        return frame
    shown = frame.copy()
    for name in hidden:
        shown[name] = [_cell_text(value) for value in frame[name]]
    return shown


def _cell_text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, int | float):
        return f"{value:,}"
    return str(value)


def bar_values(values) -> tuple[list[float], list[bool]]:
    """Bar heights and which bars are a visitor's "<5": those get no height and the label "<5".

    >>> bar_values(pd.Series([12, "<5"], dtype=object))
    ([12.0, 0.0], [False, True])
    """
    hidden = [is_hidden(value) for value in values]
    numbers = [
        0.0 if small or value is None or value != value else float(value)
        for value, small in zip(values, hidden, strict=True)
    ]
    return numbers, hidden


# ------------------------------------------------------------------ lists, for visitors
# A frame holding one of these columns lists people or households (or helpers, whose names
# are personal too): a visitor gets it with no row, marked withheld, whatever the query.
LIST_COLUMNS = frozenset(
    {
        "household_id",
        "person_id",
        "helper_id",
        "loan_id",
        "payment_id",
        "visit_id",
        "person_ids",
        "payment_ids",
        "head_name",
        "member_name",
        "person_name",
        "helper_name",
        "village_contact_id",
        "village_contact_name",
        "id_number",
        "phone",
    }
)
WITHHELD = "withheld_from_visitors"  # the frame attribute that says its rows were left out


def is_list(frame: pd.DataFrame) -> bool:
    """Whether a frame lists people, households or helpers (by its columns)."""
    return any(str(name) in LIST_COLUMNS for name in frame.columns)


def withhold_lists(frame: pd.DataFrame) -> pd.DataFrame:
    """A list of people or households with no row (its columns kept), marked `WITHHELD`."""
    if not is_list(frame):
        return frame
    empty = frame.head(0).copy()
    empty.attrs[WITHHELD] = True
    return empty


def is_withheld(frame: pd.DataFrame) -> bool:
    return bool(frame.attrs.get(WITHHELD))


FOR_VISITOR = "for_visitor"  # the frame attribute of every frame a visitor reads


def for_visitor(frame: pd.DataFrame) -> pd.DataFrame:
    """What a visitor gets of a frame: lists withheld, then small counts written "<5".

    Marked `FOR_VISITOR`, so a difference computed from it (a change since the previous
    snapshot) can be written "<5" too (`small_difference`).
    """
    shown = hide_small_counts(withhold_lists(frame))
    shown = shown if shown is not frame else frame.copy()
    shown.attrs[FOR_VISITOR] = True
    return shown


def small_difference(difference: int | None, rows: object) -> int | str | None:
    """A difference of household counts, or "<5" when it is 1-4 households and `rows` were
    read for a visitor (a change of 2 households names two families as surely as a count)."""
    if difference is None or not getattr(rows, "attrs", {}).get(FOR_VISITOR):
        return difference
    return SMALL_COUNT_LABEL if 0 < abs(difference) < SMALL_COUNT_LIMIT else difference
