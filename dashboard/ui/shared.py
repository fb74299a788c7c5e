"""Figures and tables built once per server process and shared by every session that draws them.

A chart builder (`dashboard/charts/`) and a table labeller are pure functions: the same frames,
measure and language give the same figure or table. Twenty sessions opening /programs used to
build twenty copies of every figure (a `make_subplots` of ten panels is a tenth of a second of
Python on one core); here the first session builds it and the others reuse it.

The key is the builder's name and the *content* of its arguments: a frame by its values, index,
column names, dtypes and attributes (a visitor's frames carry theirs), so a figure is reused
only by a session whose own frames, read under its own area and role, hold exactly the same
values. No session can be handed a figure drawn from rows it may not read, and a new snapshot's
frames are new content, so nothing stale is shown.

What is shared is never changed: `section` hands a figure to `st.plotly_chart`, which reads
it (its `to_dict` is a copy), and a table to `st.dataframe`; a caller that wants to change one
takes `copy.deepcopy` (a figure) or `.copy()` (a frame) first.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import functools
import hashlib
import threading
import types
import weakref
from collections.abc import Callable, Hashable
from typing import TypeVar

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st

from dashboard.ui.state import CACHE_ENTRIES, one_at_a_time

Built = TypeVar("Built")

_PLAIN = (str, bytes, int, float, bool, complex, decimal.Decimal, dt.date, dt.time, dt.timedelta)


class Unkeyable(TypeError):
    """An argument whose content cannot be keyed (an object, a lambda): built per call."""


def content_key(value: object) -> Hashable:
    """A hashable stand-in for `value` that is equal exactly when the content is.

    Frames and series by a digest of `pd.util.hash_pandas_object` (values and index, in order)
    with their column names, dtypes and attributes; containers item by item; plain values as
    themselves with their type (1 and 1.0 and True are different keys). Anything else raises
    `Unkeyable`.
    """
    if value is None or isinstance(value, _PLAIN):
        return (type(value).__name__, value)
    if isinstance(value, enum.Enum):
        return (type(value).__qualname__, value.value)
    if isinstance(value, np.generic):
        return (type(value).__name__, value.item())
    if isinstance(value, pd.DataFrame | pd.Series):
        return _frame_key(value)
    if isinstance(value, np.ndarray):
        return ("ndarray", str(value.dtype), value.shape, _digest(value))
    if isinstance(value, list | tuple | frozenset | set):
        items = [content_key(item) for item in value]
        if isinstance(value, frozenset | set):
            items = sorted(items, key=repr)
        return (type(value).__name__, tuple(items))
    if isinstance(value, dict):
        return (
            "dict",
            tuple(sorted(((content_key(k), content_key(v)) for k, v in value.items()), key=repr)),
        )
    if isinstance(value, functools.partial):
        return (
            "partial",
            content_key(value.func),
            content_key(value.args),
            content_key(value.keywords),
        )
    if _is_module_function(value):
        return ("function", value.__module__, value.__qualname__)
    raise Unkeyable(f"no content key for a {type(value).__qualname__}")


def _is_module_function(value: object) -> bool:
    """A function defined at a module's top level (a chart builder, a table labeller): named by
    its module and name. A lambda or a nested function may close over anything: not keyed."""
    return (
        isinstance(value, types.FunctionType)
        and "<" not in value.__qualname__  # <lambda>, <locals>
        and value.__module__ is not None
    )


def _digest(array: np.ndarray) -> str:
    return hashlib.blake2b(np.ascontiguousarray(array).tobytes(), digest_size=16).hexdigest()


def _frame_key(frame: pd.DataFrame | pd.Series) -> Hashable:
    columns = frame.items() if isinstance(frame, pd.DataFrame) else [(frame.name, frame)]
    digest = hashlib.blake2b(digest_size=16)
    for _name, column in columns:
        digest.update(_column_digest(column).encode("ascii"))
    digest.update(_column_digest(frame.index).encode("ascii"))
    if isinstance(frame, pd.DataFrame):
        names = tuple((repr(name), str(dtype)) for name, dtype in frame.dtypes.items())
    else:
        names = ((repr(frame.name), str(frame.dtype)),)
    shape = (type(frame).__name__, frame.shape, names, repr(frame.index.names))
    attrs = content_key(dict(frame.attrs)) if frame.attrs else None
    return (shape, attrs, digest.hexdigest())


def _column_digest(values: pd.Series | pd.Index) -> str:
    """A digest of one column's (or an index's) content.

    A range index by its bounds; an Arrow-backed column (DuckDB's strings) by its Arrow buffers
    with each chunk's type, offset and length (converting a million strings to Python objects to
    hash them cost more than the figure it keyed); a numeric or date column by its bytes; anything
    else through pandas' own hashing. Equal digests mean equal content, never a guess: a cell
    pandas cannot hash raises `Unkeyable`.

    Data that cannot change (Arrow arrays; numpy memory nobody may write, as a cached query
    result's, `state.frozen`, whose object columns hold DuckDB's immutable dates, strings and
    numbers) is hashed once and remembered while it lives: every session's
    frame is a shallow copy of the one cached frame, so the second session's key costs nothing
    (on the province /helpers' 100,000-row lists were hashed again for every session)."""
    if isinstance(values, pd.RangeIndex):
        return f"range:{values.start}:{values.stop}:{values.step}"
    array = values.array
    if isinstance(array, pd.arrays.ArrowExtensionArray | pd.arrays.ArrowStringArray) and _flat(
        array._pa_array.type
    ):
        chunked = array._pa_array  # the Arrow data pandas holds, only read
        return _remembered(chunked, (), lambda: _arrow_digest(chunked))
    owner, place = None, ()
    if isinstance(values.dtype, np.dtype):
        held = values.to_numpy()
        owner = _read_only_owner(held)
        place = (str(held.dtype), held.__array_interface__["data"][0], held.shape, held.strides)
    if isinstance(values.dtype, np.dtype) and values.dtype.kind in "biufcmM":
        make = functools.partial(_numpy_digest, values)
    else:  # e.g. DuckDB's dates with NULLs, Python date objects: pandas' hashing, slow
        make = functools.partial(_pandas_digest, values)
    return make() if owner is None else _remembered(owner, place, make)


def _numpy_digest(values: pd.Series | pd.Index) -> str:
    return f"numpy:{values.dtype}:{_digest(values.to_numpy())}"


def _pandas_digest(values: pd.Series | pd.Index) -> str:
    try:
        hashed = pd.util.hash_pandas_object(values, index=False, categorize=False)
    except (TypeError, ValueError) as error:  # a cell pandas cannot hash
        raise Unkeyable(str(error)) from error
    return f"pandas:{values.dtype}:{_digest(hashed.to_numpy())}"


# A chunk whose buffers hold this much more than its own rows is a slice of a larger array
# (a table's first rows, `frame.head`): hashed from a compact copy of its rows, not from the
# whole array's buffers (a 500-row head of a 100,000-row list hashed all 100,000 per session).
SLICE_SLACK_BYTES = 64 * 1024


def _arrow_digest(chunked: pa.ChunkedArray) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for chunk in chunked.chunks:
        held = sum(buffer.size for buffer in chunk.buffers() if buffer is not None)
        if held > 2 * chunk.nbytes + SLICE_SLACK_BYTES:
            chunk = pa.concat_arrays([chunk])  # its rows alone, offset 0
        digest.update(repr((str(chunk.type), chunk.offset, len(chunk))).encode("utf-8"))
        for buffer in chunk.buffers():
            digest.update(b"-" if buffer is None else memoryview(buffer))
    return f"arrow:{chunked.type}:{digest.hexdigest()}"


def _read_only_owner(numbers: np.ndarray) -> np.ndarray | None:
    """The array that owns `numbers`' memory when neither it nor any view on the way may be
    written (so its content cannot change while it lives); else None."""
    owner = numbers
    while True:
        if owner.flags.writeable:
            return None
        if not isinstance(owner.base, np.ndarray):
            return owner
        owner = owner.base


# Digests of content that cannot change, by the object holding it and where in it: id(object)
# → (a weak reference to it, {place: digest}). An entry goes when its object does, so an id
# reused by a new object is never taken for the old one.
_DIGESTS: dict[int, tuple[weakref.ref, dict[tuple, str]]] = {}
_DIGESTS_GUARD = threading.Lock()


def _remembered(owner: object, place: tuple, make: Callable[[], str]) -> str:
    """`make()`, the digest of `place` in `owner`, made once while `owner` lives."""
    ident = id(owner)
    with _DIGESTS_GUARD:
        entry = _DIGESTS.get(ident)
        if entry is not None and entry[0]() is owner and place in entry[1]:
            return entry[1][place]
    digest = make()
    with _DIGESTS_GUARD:
        entry = _DIGESTS.get(ident)
        if entry is None or entry[0]() is not owner:
            try:
                reference = weakref.ref(owner, functools.partial(_forget, ident))
            except TypeError:  # an object without weak references: not remembered
                return digest
            entry = (reference, {})
            _DIGESTS[ident] = entry
        entry[1][place] = digest
    return digest


def _forget(ident: int, reference: weakref.ref) -> None:
    # Called as the object goes, maybe inside a garbage collection while this thread holds the
    # guard: no lock here (the id cannot be reused before the object's memory is freed).
    entry = _DIGESTS.get(ident)
    if entry is not None and entry[0] is reference:
        _DIGESTS.pop(ident, None)


def _flat(kind: pa.DataType) -> bool:
    """An Arrow type whose buffers hold all its content (not a dictionary, list or struct,
    whose dictionary or children live elsewhere)."""
    return not (pa.types.is_dictionary(kind) or pa.types.is_nested(kind))


@st.cache_resource(max_entries=CACHE_ENTRIES, show_spinner=False)
def _built(key: str, _build: Callable[[], object]) -> object:
    return _build()


def built_once(builder: Callable[..., Built], *args: object, **kwargs: object) -> Built:
    """`builder(*args, **kwargs)`, built once per process for arguments of the same content.

    Example: `built_once(charts.programs_by_year_figure, by_year, measure, lang)`. An argument
    that cannot be keyed by content (`Unkeyable`) makes it an ordinary call, never a guess.
    """
    try:
        key = repr((builder.__module__, builder.__qualname__, content_key((args, kwargs))))
    except Unkeyable:
        return builder(*args, **kwargs)
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=20).hexdigest()
    # Twenty sessions opening the page at once: the first builds, the others wait and reuse.
    with one_at_a_time(("shared", digest)):
        return _built(digest, lambda: builder(*args, **kwargs))


class SharedFigure(go.Figure):
    """A figure every session draws: its dict, what `st.plotly_chart` serialises, made once.

    Plotly's `to_dict` deep-copies the whole figure and converts its arrays on every call (a
    heatmap's thousands of cells, for every session on every run); a shared figure is never
    changed, so its dict is made on first use and handed out as is. Streamlit only reads it.
    """

    def to_dict(self) -> dict:
        made = self.__dict__.get("_shared_dict")
        if made is None:
            made = super().to_dict()
            self.__dict__["_shared_dict"] = made
        return made


def _shareable(figure: object) -> object:
    # A builder's plain go.Figure becomes a SharedFigure in place (no copy, nothing redrawn).
    if type(figure) is go.Figure:
        figure.__class__ = SharedFigure
    return figure


def shared_figure(builder: Callable[..., Built], *args: object, **kwargs: object):
    """A `section`'s `figure=`: a function drawing `builder(*args, **kwargs)` once per content.

    Used as `figure=shared_figure(charts.exits_by_year_figure, progress, measure, lang)`
    instead of `figure=lambda: charts.exits_by_year_figure(progress, measure, lang)`; the
    builder still runs only when the section has data to draw.
    """
    return lambda: _shareable(built_once(builder, *args, **kwargs))
