"""Every page module only renders: no SQL, no DuckDB, no file reading, no computing on frames.

The rules read each view's syntax tree (`ast`), not its text, so a comment or a message that
mentions `groupby` is fine and a reduction written any way is not. The last tests run the
rules on small sample sources, so the test is shown to fail on a view that computes.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

VIEWS = sorted((Path(__file__).resolve().parents[2] / "dashboard" / "views").glob("*.py"))

# Methods that reduce, reshape, join or filter a frame: the layer above a view does these
# (`dashboard/measures/`, the chart builders, or a query file).
FRAME_METHODS = frozenset(
    {
        "sum", "mean", "median", "min", "max", "std", "var", "prod", "cumsum", "cumcount",
        "nunique", "unique", "value_counts", "count", "size", "describe", "quantile",
        "groupby", "pivot", "pivot_table", "melt", "stack", "unstack", "crosstab",
        "merge", "join_asof", "concat", "query", "agg", "aggregate", "transform", "apply",
        "resample", "rolling", "expanding", "diff", "pct_change", "rank", "nlargest",
        "nsmallest", "drop_duplicates", "duplicated", "where", "mask", "isin", "eval",
        "set_index", "explode", "cut", "qcut",
    }
)  # fmt: skip
ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow)
MASKS = (ast.Compare, ast.BoolOp)
MASK_OPERATORS = (ast.BitAnd, ast.BitOr, ast.BitXor)
SQL_WORDS = ("select ", "from ", "where ", "group by")
FILE_CALLS = frozenset({"open", "read_text", "read_bytes", "read_parquet", "read_table"})


def _receiver(node: ast.expr) -> str | None:
    """The name a method is called on (`state` in `state.query(...)`), if it is a plain name."""
    return node.id if isinstance(node, ast.Name) else None


def _imported_names(tree: ast.Module) -> set[str]:
    """Names bound by imports: `state.query(...)` (the data layer, a query file by name) or
    `pivot_queries.describe(...)` call a module's function, not a frame's method."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    return names


def _is_mask(node: ast.expr) -> bool:
    if isinstance(node, MASKS):
        return True
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Invert):
        return True
    return isinstance(node, ast.BinOp) and isinstance(node.op, MASK_OPERATORS)


def _indexes_data(node: ast.expr) -> bool:
    """`frame["yuan"]`, `row[field]`, `frame.loc[...]`: a value read out of a frame or row.

    Slices (`columns[:2]`) and negative positions (`columns[-1]`) pick widgets from a list.
    """
    if not isinstance(node, ast.Subscript):
        return False
    key = node.slice
    if isinstance(key, ast.Slice):
        return False
    if isinstance(key, ast.UnaryOp) and isinstance(key.op, ast.USub):
        return False
    return not (isinstance(key, ast.Constant) and isinstance(key.value, int))


def problems(source: str) -> list[str]:
    """What a view's source does that a view must not, one line per finding (`line: what`)."""
    found = []
    tree = ast.parse(source)
    modules = _imported_names(tree)
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [alias.name for alias in node.names] + [getattr(node, "module", "") or ""]
            if any(name.split(".")[0] in {"duckdb", "pyarrow", "sqlite3"} for name in names):
                found.append(f"{line}: imports a database or file library")
        elif isinstance(node, ast.Call):
            function = node.func
            name = (
                function.attr
                if isinstance(function, ast.Attribute)
                else getattr(function, "id", None)
            )
            if name in FILE_CALLS:
                found.append(f"{line}: reads a file ({name})")
            if (
                isinstance(function, ast.Attribute)
                and name in FRAME_METHODS
                and _receiver(function.value) not in modules
            ):
                found.append(f"{line}: computes on a frame (.{name}())")
        elif isinstance(node, ast.Subscript) and _is_mask(node.slice):
            found.append(f"{line}: filters a frame with a mask")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ARITHMETIC):
            if _indexes_data(node.left) or _indexes_data(node.right):
                found.append(f"{line}: arithmetic on values read from a frame")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            lowered = " ".join(node.value.lower().split())
            if lowered.startswith("select ") and " from " in lowered:
                found.append(f"{line}: SQL text")
    return found


def test_there_are_views():
    """The app's pages live in dashboard/views (not pages/, which Streamlit auto-registers)."""
    assert {path.stem for path in VIEWS} >= {"overview", "progress", "village_map"}
    assert not (VIEWS[0].parent.parent / "pages").exists()


@pytest.mark.parametrize("path", VIEWS, ids=[path.stem for path in VIEWS])
def test_view_only_renders(path):
    """No page module computes: queries live in queries/, the rest in measures/ and charts/."""
    found = problems(path.read_text(encoding="utf-8"))
    assert not found, f"{path.name}:\n" + "\n".join(found)


# ---------------------------------------------------------------- the rules on samples

THIN = """
import streamlit as st
from dashboard.ui import state
frame = state.query("industry_totals", snapshot_date=day)
st.markdown(text("a", lang) + "\\n" + "\\n".join(items))
left, right = st.columns(2)
columns[-1].metric("x", format_count(totals["registered_households"]))
cells[:2]
"""


def test_a_thin_sample_passes():
    """Reading values, joining strings and picking columns of the layout are rendering."""
    assert problems(THIN) == []


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ('yuan = frame["yuan"].sum()', "computes on a frame (.sum())"),
        ('homes = findings["household_id"].dropna().nunique()', "(.nunique())"),
        ('frame.groupby("village").size()', "(.groupby())"),
        ('frame.pivot_table(index="a", columns="b")', "(.pivot_table())"),
        ('a.merge(b, on="village_code")', "(.merge())"),
        ('frame.query("yuan > 0")', "(.query())"),
        ('from dashboard.ui import state\nstate.query("a").query("yuan > 0")', "(.query())"),
        ('frame.agg({"yuan": "sum"})', "(.agg())"),
        ('frame["program"].value_counts()', "(.value_counts())"),
        ('own = findings[findings["household_id"] == household_id]', "filters a frame"),
        ('rows = frame[(frame["a"] > 1) & (frame["b"] < 2)]', "filters a frame"),
        ('rows = frame.loc[~frame["on_register"]]', "filters a frame"),
        ("change = totals[field] - before[field]", "arithmetic on values read from a frame"),
        ('share = frame["yuan"] / 10_000', "arithmetic on values read from a frame"),
        ("import duckdb", "imports a database"),
        ('text = path.read_text(encoding="utf-8")', "reads a file"),
        ('sql = "select count(*) from households"', "SQL text"),
    ],
)
def test_a_view_that_computes_fails(sample, expected):
    """Each kind of computing, written in a sample view, is found and named."""
    found = problems(sample)
    assert any(expected in finding for finding in found), found
