"""What the ledger says as of a day: open, overdue, fixed this month, by village and by helper.

Counted as of the chosen snapshot's date, never today's (a half-year evaluation looks back on
2018-06-30): a problem is counted once it was found on or before the day; it is open on the day
unless fixed (or verified, or given up) on or before it; it is overdue when open and its deadline
is before the day. These functions take the ledger's frame (`Ledger.frame()`), so pages and the
deck only lay the results out.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.hierarchy import LEVEL_DIGITS
from dashboard.ledger.store import CATEGORIES, CATEGORY_LABELS, STATUS_LABELS

# The overview's cards, as filters of the ledger page (?state=): the column of `as_of` each reads.
STATES = {"open": "is_open", "overdue": "is_overdue", "fixed_this_month": "is_fixed_this_month"}
INSPECTION_2018 = ("inspection", dt.date(2018, 1, 1), dt.date(2018, 12, 31))  # F34's 大排查


def scoped(problems: pd.DataFrame, viewer) -> pd.DataFrame:
    """The problems a viewer (`dashboard.data.Viewer`) may see: none without an area; those of
    villages under the area's code prefix; for a helper, only those he is responsible for."""
    if viewer.area is None:
        return problems.iloc[0:0]
    keep = problems["village_code"].fillna("").str.startswith(viewer.area)
    if viewer.helper_id:
        keep &= problems["responsible_id"] == viewer.helper_id
    return problems[keep]


def as_of(problems: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """The problems known on `day`, with their state on that day: `is_open`, `is_overdue`,
    `is_fixed_this_month` (fixed in the calendar month of `day`, up to it)."""
    on = pd.Timestamp(day)
    known = problems[_dates(problems["found_date"]) <= on].copy()
    fixed = _dates(known["fixed_date"])
    verified = _dates(known["verified_date"]).where(known["status"] == "verified")
    done_on = fixed.combine_first(verified)
    finished = (known["status"] == "cannot_fix") | (done_on <= on)  # NaT compares False
    known["is_open"] = ~finished
    known["is_overdue"] = known["is_open"] & (_dates(known["deadline"]) < on)
    known["is_fixed_this_month"] = (fixed >= on.replace(day=1)) & (fixed <= on)
    return known


def _dates(values: pd.Series) -> pd.Series:
    """Dates (datetime.date, ISO text or None) as timestamps, NaT where there is none: compared
    as whole columns at once (the ledger's progress asks for its state week by week)."""
    return pd.to_datetime(values, errors="coerce")


def cards(problems: pd.DataFrame, day: dt.date) -> dict[str, int]:
    """The overview's three numbers and the total: open, overdue, fixed this month, all."""
    state = as_of(problems, day)
    return {
        "total": len(state),
        "open": int(state["is_open"].sum()),
        "overdue": int(state["is_overdue"].sum()),
        "fixed_this_month": int(state["is_fixed_this_month"].sum()),
    }


def _tally(state: pd.DataFrame, by: str) -> pd.DataFrame:
    grouped = state.groupby(by, dropna=False)
    table = pd.DataFrame(
        {
            "problems": grouped.size(),
            "open": grouped["is_open"].sum(),
            "overdue": grouped["is_overdue"].sum(),
        }
    ).reset_index()
    table["closed"] = table["problems"] - table["open"]  # fixed, verified or given up
    table["closed_share"] = (table["closed"] / table["problems"]).round(3)
    return table.sort_values(["overdue", "open"], ascending=False, ignore_index=True)


def by_village(problems: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """One row per village: problems, open, overdue, closed, share closed; most overdue first."""
    return _tally(as_of(problems, day), "village_code")


def by_responsible(problems: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """One row per person responsible: who is behind (most overdue first)."""
    return _tally(as_of(problems, day), "responsible_id")


def in_area(problems: pd.DataFrame, area: str) -> pd.DataFrame:
    """The problems of villages under an area code ('' for all): the page's ?area=."""
    return problems[problems["village_code"].fillna("").str.startswith(area)]


def levels_below(area: str, village_codes) -> list[str]:
    """The levels of the hierarchy below `area` at which its problems split into more than one
    area, top down, and the village always (`dashboard.hierarchy`): a town's ledger has only
    villages; a county's has towns and villages."""
    codes = {code for code in village_codes if isinstance(code, str)}
    shown = []
    for level, digits in LEVEL_DIGITS.items():
        if digits <= len(area):
            continue
        if level == "village" or len({code[:digits] for code in codes}) > 1:
            shown.append(level)
    return shown


def by_level(problems: pd.DataFrame, day: dt.date, level: str) -> pd.DataFrame:
    """One row per area of `level` (town, county …, or village): problems, open, overdue,
    closed, share closed; most overdue first. A leader's "who is behind" at that level."""
    state = as_of(problems, day)
    state["area_code"] = state["village_code"].fillna("").str[: LEVEL_DIGITS[level]]
    return _tally(state, "area_code")


def by_category(problems: pd.DataFrame, day: dt.date, lang: str = "zh") -> pd.DataFrame:
    """One row per category, in the ledger's order, with its label."""
    table = _tally(as_of(problems, day), "category").set_index("category")
    table = table.reindex([c for c in CATEGORIES if c in table.index]).reset_index()
    table["label"] = [CATEGORY_LABELS[c][0 if lang == "zh" else 1] for c in table["category"]]
    return table


def progress(problems: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """Week by week up to `day`: problems found so far, and how many of them are still open."""
    if problems.empty:
        return pd.DataFrame(columns=["week", "found", "open"])
    start = min(problems["found_date"])
    weeks = pd.date_range(start, day, freq="W-SUN").date.tolist() + [day]
    # as_of's rules, with the dates read once for every week (not once a week).
    found = _dates(problems["found_date"])
    fixed = _dates(problems["fixed_date"])
    verified = _dates(problems["verified_date"]).where(problems["status"] == "verified")
    done_on = fixed.combine_first(verified)
    cannot_fix = problems["status"] == "cannot_fix"
    rows = []
    for week in sorted(set(weeks)):
        on = pd.Timestamp(week)
        known = found <= on
        still_open = known & ~(cannot_fix | (done_on <= on))
        rows.append({"week": week, "found": int(known.sum()), "open": int(still_open.sum())})
    return pd.DataFrame(rows)


def inspection_count(problems: pd.DataFrame, day: dt.date) -> int:
    """F34: the problems the 2018 大排查 found, as known on `day`."""
    source, first, last = INSPECTION_2018
    found = problems["found_date"]
    chosen = (problems["source"] == source) & (found >= first) & (found <= min(last, day))
    return int(chosen.sum())


def select(
    problems: pd.DataFrame,
    day: dt.date,
    *,
    village_code: str | None = None,
    responsible_id: str | None = None,
    category: str | None = None,
    status: str | None = None,
    overdue_only: bool = False,
    state: str | None = None,
) -> pd.DataFrame:
    """The problems known on `day` that pass the ledger page's filters, most urgent first.

    `state` is one of `STATES`: those the overview's cards count (open on the day, overdue on
    it, fixed in its month), so a card's link lists what the card counted."""
    known = as_of(problems, day)
    keep = pd.Series(True, index=known.index)
    for column, wanted in (
        ("village_code", village_code),
        ("responsible_id", responsible_id),
        ("category", category),
        ("status", status),
    ):
        if wanted:
            keep &= known[column] == wanted
    if overdue_only:
        keep &= known["is_overdue"]
    if state:
        keep &= known[STATES[state]]
    chosen = known[keep]
    return chosen.sort_values(
        ["is_overdue", "is_open", "deadline", "problem_id"],
        ascending=[False, False, True, True],
        na_position="last",
        ignore_index=True,
    )


def named(table: pd.DataFrame, names: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """A ledger table with names beside codes (`queries/ledger_names.sql`, masked per viewer)
    and the status and category in words, for showing and downloading."""

    index = 0 if lang == "zh" else 1
    lookup = {(row.kind, row.code): row.name for row in names.itertuples(index=False)}
    shown = table.copy()
    if "village_code" in shown:
        shown.insert(
            0, "village_name", [lookup.get(("village", c), c) for c in shown["village_code"]]
        )
    if "area_code" in shown:
        shown.insert(
            0,
            "area_name",
            [lookup.get(("area", c)) or lookup.get(("village", c), c) for c in shown["area_code"]],
        )
    if "household_id" in shown:
        shown["head_name"] = [lookup.get(("household", c), "") for c in shown["household_id"]]
    if "responsible_id" in shown:
        shown["responsible_name"] = [
            lookup.get(("helper", c), c or "") for c in shown["responsible_id"]
        ]
    if "status" in shown:
        shown["status_label"] = [STATUS_LABELS[s][index] for s in shown["status"]]
    if "category" in shown and "label" not in shown:
        shown["category_label"] = [CATEGORY_LABELS[c][index] for c in shown["category"]]
    return shown


def names_for(names: pd.DataFrame, problems: pd.DataFrame) -> pd.DataFrame:
    """The rows of `queries/ledger_names.sql` a ledger can show: every village and area, and
    only the households and helpers its problems name (a province names a million households
    and 400,000 helpers, of which its ledger mentions a few thousand)."""
    households = set(problems["household_id"].dropna()) if "household_id" in problems else set()
    helpers = set(problems["responsible_id"].dropna()) if "responsible_id" in problems else set()
    keep = (
        names["kind"].isin(("village", "area"))
        | ((names["kind"] == "household") & names["code"].isin(households))
        | ((names["kind"] == "helper") & names["code"].isin(helpers))
    )
    return names[keep].reset_index(drop=True)


def filter_choices(names: pd.DataFrame) -> dict[str, dict[str, str]]:
    """The ledger page's pickers: village and helper codes with their names, in name order."""
    choices: dict[str, dict[str, str]] = {}
    for kind in ("village", "helper"):
        rows = names[names["kind"] == kind].sort_values(["name", "code"])
        choices[kind] = dict(zip(rows["code"], rows["name"], strict=True))
    return choices


def place_name(names: pd.DataFrame, code: str) -> str:
    """The name of a village or an area code (`queries/ledger_names.sql`); '' for the whole
    data directory or a code it does not name."""
    rows = names[names["kind"].isin(("village", "area")) & (names["code"] == code)]
    return str(rows["name"].iloc[0]) if code and len(rows) else ""


def responsible_options(helpers: dict[str, str], current: str | None) -> dict[str, str]:
    """The helpers one may assign a problem to, with its current person responsible kept even
    when he is not among them (moved away, outside the list): a save never drops him silently."""
    if current and current not in helpers:
        return {current: current, **helpers}
    return helpers


READABLE = {
    "problem_id": ("编号", "No."),
    "area_name": ("地区", "Area"),
    "area_code": ("区划代码", "Code"),
    "village_name": ("村", "Village"),
    "household_id": ("户编号", "Household"),
    "head_name": ("户主", "Head"),
    "category_label": ("问题类别", "Category"),
    "description": ("问题描述", "Problem"),
    "responsible_name": ("责任人", "Responsible"),
    "deadline": ("整改时限", "Deadline"),
    "measures": ("整改措施", "Measures"),
    "result": ("整改结果", "Result"),
    "status_label": ("状态", "Status"),
    "is_overdue": ("逾期", "Overdue"),
    "found_date": ("发现日期", "Found"),
    "problems": ("问题（件）", "Problems"),
    "open": ("未整改", "Open"),
    "overdue": ("逾期", "Overdue"),
    "closed": ("已整改", "Closed"),
    "closed_share": ("整改率", "Share closed"),
}


def readable(table: pd.DataFrame, names: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """A ledger table as a reader sees it: names beside codes, words for codes, labelled columns."""
    shown = named(table, names, lang)
    for column in ("household_id", "measures", "result"):  # nothing written is blank, not None
        if column in shown:
            shown[column] = shown[column].fillna("")
    index = 0 if lang == "zh" else 1
    keep = [column for column in READABLE if column in shown.columns]
    return shown[keep].rename(columns={c: READABLE[c][index] for c in keep})


def editable_ids(table: pd.DataFrame) -> list[int]:
    """The problems of a selection one may record measures or a result for, most urgent first."""
    return [int(value) for value in table["problem_id"]]


def problem_titles(table: pd.DataFrame, lang: str = "zh") -> dict[int, str]:
    """'#12 · 2018-04-01 · 逾期 · 住房存在安全隐患…' per problem, for the picker (one pass)."""
    overdue = " · 逾期" if lang == "zh" else " · overdue"
    no_deadline = "未定期限" if lang == "zh" else "no deadline"
    return {
        int(row.problem_id): (
            f"#{int(row.problem_id)} · "
            f"{no_deadline if pd.isna(row.deadline) else row.deadline.isoformat()}"
            f"{overdue if row.is_overdue else ''} · {row.description[:40]}"
        )
        for row in table.itertuples(index=False)
    }
