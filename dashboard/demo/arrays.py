"""Columns as arrays, for the county and province demos: fast strings, yuan and day numbers.

A province's register has millions of rows: every ID, code, amount and date is built for a whole
column at once, as numpy arrays and Arrow arrays, never row by row in Python.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa

# GB 11643 check characters for whole arrays at once (a province's millions of numbers): the one
# vectorised form; tests/demo/test_scaled.py checks its numbers with python-stdnum.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
YEAR_END_YEARS = (2000, 2030)  # the years `year_end_days` knows; others are clipped to them


def digits(numbers: np.ndarray, width: int) -> np.ndarray:
    """ASCII bytes of zero-padded decimal numbers, one row per number: (n, width) uint8."""
    numbers = np.asarray(numbers, dtype=np.int64)
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return ((numbers[:, None] // powers) % 10 + ord("0")).astype(np.uint8)


def text_of(*parts: np.ndarray | bytes) -> pa.Array:
    """A string array from fixed-width byte blocks (and constant prefixes), joined per row.

    >>> text_of(b"H", digits(np.array([7, 42]), 3)).to_pylist()
    ['H007', 'H042']
    """
    rows = next(len(part) for part in parts if isinstance(part, np.ndarray))
    blocks = [
        np.broadcast_to(np.frombuffer(part, dtype=np.uint8), (rows, len(part)))
        if isinstance(part, bytes)
        else part
        for part in parts
    ]
    matrix = np.ascontiguousarray(np.hstack(blocks))
    return pa.array(matrix.view(f"S{matrix.shape[1]}").ravel()).cast(pa.string())


def code_bytes(codes: list[str], index: np.ndarray) -> np.ndarray:
    """The ASCII bytes of `codes[index]` (codes of one width), one row per index."""
    table = np.frombuffer("".join(codes).encode("ascii"), dtype=np.uint8).reshape(len(codes), -1)
    return table[index]


def pick_strings(values: list[str], index: np.ndarray) -> pa.Array:
    """`values[index]` as an Arrow string array (None in `values` gives NULL)."""
    return pa.array(values, type=pa.string()).take(pa.array(index))


def decimal_yuan(cents: np.ndarray, precision: int = 12) -> pa.Array:
    """DECIMAL(precision, 2) from whole cents, built from the unscaled 128-bit integers."""
    cents = np.asarray(cents, dtype=np.int64)
    words = np.empty((len(cents), 2), dtype=np.int64)
    words[:, 0] = cents
    words[:, 1] = np.where(cents < 0, -1, 0)
    return pa.Array.from_buffers(
        pa.decimal128(precision, 2), len(cents), [None, pa.py_buffer(words.tobytes())]
    )


def days(day: dt.date) -> int:
    """Days since 1970-01-01: dates are int32 day numbers throughout the generator."""
    return (day - dt.date(1970, 1, 1)).days


def date_array(day_numbers: np.ndarray) -> pa.Array:
    """A date32 array from day numbers."""
    return pa.array(np.asarray(day_numbers, dtype=np.int32), type=pa.int32()).cast(pa.date32())


def year_month_day(day_numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Calendar year, month and day of day numbers (vectorised)."""
    as_dates = np.asarray(day_numbers, dtype="int64").astype("datetime64[D]")
    years = as_dates.astype("datetime64[Y]").astype(int) + 1970
    months = as_dates.astype("datetime64[M]").astype(int) % 12 + 1
    day_of_month = (as_dates - as_dates.astype("datetime64[M]")).astype(int) + 1
    return years, months, day_of_month


def ages_on(birth_year, birth_month_day, on: dt.date) -> np.ndarray:
    """Whole years of age on `on` (as `dashboard.demo.people.age_on`, vectorised)."""
    before_birthday = (on.month * 100 + on.day) < birth_month_day
    return on.year - birth_year - before_birthday.astype(np.int64)


def year_end_days(years: np.ndarray) -> np.ndarray:
    """Day numbers of 31 December of each year (2000–2030; others clipped)."""
    first, last = YEAR_END_YEARS
    table = np.array([days(dt.date(year, 12, 31)) for year in range(first, last + 1)])
    return table[np.clip(years, first, last) - first]


def id_check_bytes(body: np.ndarray) -> np.ndarray:
    """The check character (an ASCII byte) of each row of 17 ASCII digits: (n, 17) -> (n,)."""
    total = ((body - ord("0")).astype(np.int64) * np.array(ID_WEIGHTS)).sum(axis=1) % 11
    return np.frombuffer(ID_CHECK_CHARS.encode("ascii"), dtype=np.uint8)[total]
