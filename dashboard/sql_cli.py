"""`tuopin sql`: the /sql console's sandbox from the command line, so analysts can script it.

    tuopin sql [--data DIR] [--snapshot DATE] [--area CODE] [--csv FILE] [--timeout S]
               [--param NAME=VALUE] "SELECT ..."

`--area CODE` loads only that area's rows (a province's 2 digits, a prefecture's 4, a county's
6, a town's 9, a village's 12): on a province's data, the whole province does not fit in the
sandbox's memory limit, and an analyst's question is about one county or town anyway.

Prints the result as an aligned table (the first MAX_ROWS_SHOWN rows), or writes every row as
CSV to FILE (`-` for standard output). Any refusal or error is printed in Chinese and English
and the exit code is non-zero, so scripts can tell.
"""

from __future__ import annotations

import argparse
import math
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from dashboard.access import scope
from dashboard.data import MASKED
from dashboard.downloads import to_csv_bytes
from dashboard.errors import TuopinError
from dashboard.sandbox import (
    TIME_LIMIT_SECONDS,
    SqlRefused,
    SqlResult,
    check_area,
    download_cap,
    parameter_defaults,
    parse_parameter,
    run_sql,
)
from dashboard.snapshots import default_data_dir, get_snapshot

EXIT_ERROR = 2  # as `tuopin`'s other commands exit on an error meant for people
EXIT_INCOMPLETE = 1  # the CSV was written but the result had more rows than the download cap
NULL_TEXT = "NULL"


def register(
    subparsers: argparse._SubParsersAction,
    data_option: Callable[[argparse.ArgumentParser], None],
) -> None:
    """Add the `sql` subcommand to `tuopin`'s parser."""
    command = subparsers.add_parser(
        "sql",
        help="run one read-only SQL query on a snapshot, in the sandbox the /sql page uses",
        description=(
            "Run one SELECT on a snapshot's tables (names and ID numbers come masked). "
            "$snapshot_date and the project's other query parameters are bound for you."
        ),
    )
    data_option(command)
    command.add_argument("--snapshot", help="snapshot date YYYY-MM-DD (default: latest)")
    command.add_argument(
        "--area",
        default="",
        metavar="CODE",
        help="load only this area's rows: an area code of 2, 4, 6, 9 or 12 digits "
        "(province, prefecture, county, town, village; default: the whole data directory)",
    )
    command.add_argument(
        "--csv", metavar="FILE", help="write every row as CSV to FILE (- = stdout)"
    )
    command.add_argument(
        "--timeout",
        type=float,
        default=TIME_LIMIT_SECONDS,
        metavar="S",
        help=f"stop the query after S seconds (default {TIME_LIMIT_SECONDS:g})",
    )
    command.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="value of a $NAME parameter, e.g. --param village_code=341182108206 (repeatable)",
    )
    command.add_argument("query", help='the SQL, e.g. "select count(*) from households"')
    command.set_defaults(handler=command_sql)


def command_sql(arguments: argparse.Namespace, _extra: list[str]) -> int:
    """Run the query; print or write the result. Errors are printed here, in both languages."""
    try:
        return _run(arguments)
    except TuopinError as error:
        print(f"错误：{error.message_zh}\nError: {error.message_en}", file=sys.stderr)
        return EXIT_ERROR


def _run(arguments: argparse.Namespace) -> int:
    data_dir = arguments.data or default_data_dir()
    if not (arguments.timeout > 0 and math.isfinite(arguments.timeout)):
        raise SqlRefused(
            f"--timeout 应为正数秒，而不是 {arguments.timeout}。",
            f"--timeout takes a positive number of seconds, not {arguments.timeout}.",
        )
    area = arguments.area.strip()
    viewer = MASKED  # the command line's user: every row, nothing personal whole
    if area:
        check_area(get_snapshot(data_dir, arguments.snapshot), area)
        viewer = scope.narrow_to_area(viewer, area)
    given = _given_parameters(data_dir, arguments.snapshot, arguments.param)
    result = run_sql(
        data_dir,
        arguments.query,
        snapshot_date=arguments.snapshot,
        parameters=given,
        time_limit=arguments.timeout,
        viewer=viewer,
    )
    if arguments.csv:
        return _write_csv(result, arguments.csv)
    print(format_table(result.shown))
    shown = len(result.shown)
    more = "+" if not result.complete else ""
    print(
        f"{result.rows}{more} 行 / rows, {result.seconds:.2f} s, "
        f"快照 / snapshot {result.snapshot_date.isoformat()}",
        file=sys.stderr,
    )
    if shown < result.rows or not result.complete:
        print(
            f"只显示了前 {shown} 行；全部结果请用 --csv 文件名。\n"
            f"Only the first {shown} rows are printed; use --csv FILE for all of them.",
            file=sys.stderr,
        )
    if not result.complete:
        print(
            f"结果超过下载上限（{download_cap('zh')}），--csv 也只能写入前 {result.rows} 行。\n"
            f"The result is larger than the download cap ({download_cap('en')}); --csv too "
            f"writes only its first {result.rows} rows.",
            file=sys.stderr,
        )
    return 0


def _given_parameters(
    data_dir: Path, snapshot_date: str | None, pairs: list[str]
) -> dict[str, object]:
    """`--param name=value` pairs, each read as the kind its default is (date, number, list)."""
    if not pairs:
        return {}
    defaults = parameter_defaults(get_snapshot(data_dir, snapshot_date))
    given: dict[str, object] = {}
    for pair in pairs:
        name, separator, value = pair.partition("=")
        name = name.strip().lstrip("$")
        if not separator or not name:
            raise SqlRefused(
                f"--param 应写成 名称=值，例如 --param village_code=341182108206，而不是 {pair!r}。",
                f"--param takes NAME=VALUE, e.g. --param village_code=341182108206, not {pair!r}.",
            )
        given[name] = parse_parameter(name, value, defaults.get(name))
    return given


def _write_csv(result: SqlResult, target: str) -> int:
    if target == "-":
        sys.stdout.write(result.frame.to_csv(index=False))
    else:
        path = Path(target)
        try:
            path.write_bytes(to_csv_bytes(result.frame))
        except OSError as error:
            raise SqlRefused(
                f"无法写入 {path}：{error.strerror}。请换一个可写的路径。",
                f"Cannot write {path}: {error.strerror}. Choose a path you can write to.",
            ) from None
        print(f"{result.rows} 行已写入 / rows written to {path}", file=sys.stderr)
    if not result.complete:
        print(
            f"错误：结果超过下载上限（{download_cap('zh')}），只写入了前 {result.rows} 行。"
            "请缩小查询范围。\n"
            f"Error: the result is larger than the download cap ({download_cap('en')}); only "
            f"its first {result.rows} rows were written. Narrow the query.",
            file=sys.stderr,
        )
        return EXIT_INCOMPLETE
    return 0


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: two for each wide (Chinese) character."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return NULL_TEXT
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp):
        return value.isoformat(sep=" ")
    return str(value)


def format_table(frame: pd.DataFrame) -> str:
    """The frame as an aligned text table: numbers to the right, text to the left.

    >>> print(format_table(pd.DataFrame({"村": ["山南村"], "户数": [12]})))
    村      户数
    ------  ----
    山南村    12
    """
    headers = [str(name) for name in frame.columns]
    rows = [[_cell(value) for value in row] for row in frame.itertuples(index=False, name=None)]
    numeric = [pd.api.types.is_numeric_dtype(dtype) for dtype in frame.dtypes]
    widths = [
        max([display_width(header)] + [display_width(row[index]) for row in rows])
        for index, header in enumerate(headers)
    ]

    def line(cells: list[str]) -> str:
        padded = []
        for cell, width, right in zip(cells, widths, numeric, strict=True):
            padding = " " * (width - display_width(cell))
            padded.append(padding + cell if right else cell + padding)
        return "  ".join(padded).rstrip()

    lines = [line(headers), "  ".join("-" * width for width in widths)]
    lines += [line(row) for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`python -m dashboard.sql_cli sql ...`: the same command before it is wired into `tuopin`."""
    parser = argparse.ArgumentParser(prog="tuopin")
    subparsers = parser.add_subparsers(dest="command", required=True)

    def data_option(command: argparse.ArgumentParser) -> None:
        command.add_argument("--data", type=Path, default=None, help="data directory")

    register(subparsers, data_option)
    arguments = parser.parse_args(argv)
    return arguments.handler(arguments, [])


if __name__ == "__main__":
    sys.exit(main())
