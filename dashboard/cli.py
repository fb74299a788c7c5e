"""The `tuopin` command line: demo, snapshots, figures, serve."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import sys
from pathlib import Path

from dashboard.access.settings import NO_AUTH_VARIABLE
from dashboard.bench import cli as bench_cli
from dashboard.errors import TuopinError
from dashboard.snapshots import (
    DEFAULT_DATA_DIR,
    PROJECT_ROOT,
    default_data_dir,
    get_snapshot,
    list_snapshots,
)

APP_SCRIPT = Path(__file__).resolve().parent / "app.py"
# What `tuopin serve` runs: app.py inside st.App, with the sign-in routes beside it.
SERVER_SCRIPT = Path(__file__).resolve().parent / "server.py"


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `tuopin` console script; returns the process exit code."""
    parser = build_parser()
    arguments, extra = parser.parse_known_args(argv)
    if extra and arguments.command != "serve":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        return arguments.handler(arguments, extra)
    except TuopinError as error:
        print(f"错误：{error.message_zh}\nError: {error.message_en}", file=sys.stderr)
        return 2


def data_option(command: argparse.ArgumentParser) -> None:
    """The `--data DIR` option every command that reads or writes snapshots takes."""
    command.add_argument(
        "--data",
        type=Path,
        default=None,
        help="data directory (default: $TUOPIN_DATA, else data/demo)",
    )


# Commands that live beside their feature: each module has register(subparsers, data_option).
COMMAND_MODULES: tuple[str, ...] = (
    "dashboard.importer_cli",
    "dashboard.checks_cli",
    "dashboard.sql_cli",
    "dashboard.evaluation_cli",
    "dashboard.definitions_cli",
    "dashboard.notices_cli",
    "dashboard.ledger_cli",
    "dashboard.monitoring_cli",
    "dashboard.access_cli",
    "dashboard.serving_cli",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tuopin", description="脱贫攻坚看板 Tuopin — poverty-exit dashboard for a township"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser(
        "demo", help="generate a synthetic demo: the town 女山湖镇, a county or a province"
    )
    data_option(demo)
    demo.add_argument("--force", action="store_true", help="regenerate over an existing demo")
    demo.add_argument(
        "--scale",
        choices=["town", "county", "province"],
        default="town",
        help="town (default: 女山湖镇, data/demo), county (~15 towns, data/demo-county) or "
        "province (~1 million households, data/demo-province)",
    )
    demo.add_argument(
        "--until",
        default=None,
        metavar="DATE",
        help="last snapshot date YYYY-MM-DD (default: all, to 2025 for the town; "
        "2018-06-30 is the town as the 2018 report saw it)",
    )
    demo.set_defaults(handler=command_demo)

    snapshots = commands.add_parser("snapshots", help="list snapshots with row counts and source")
    data_option(snapshots)
    snapshots.set_defaults(handler=command_snapshots)

    figures = commands.add_parser("figures", help="the report's 33 figures against the data")
    data_option(figures)
    figures.add_argument(
        "--snapshot",
        help="snapshot date YYYY-MM-DD (default: the report's 2018-06-30 on the demo town, "
        "else the latest)",
    )
    figures.add_argument("--json", action="store_true", help="print JSON")
    figures.set_defaults(handler=command_figures)

    bench_cli.register(commands, data_option)

    serve = commands.add_parser(
        "serve", help="start the dashboard (generates the demo first if it is missing)"
    )
    data_option(serve)
    serve.add_argument(
        "--no-auth",
        action="store_true",
        help="serve the demo without sign-in (refused for any data directory that is not the demo)",
    )
    from dashboard.serving_cli import serve_options

    serve_options(serve)
    serve.set_defaults(handler=command_serve)
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(commands, data_option)
    return parser


def command_demo(arguments: argparse.Namespace, _extra: list[str]) -> int:
    from dashboard.demo.build import DEFAULT_DATA_DIRS, build_demo

    if arguments.data is not None:
        data_dir = arguments.data
    elif arguments.scale == "town":
        data_dir = default_data_dir()
    else:
        data_dir = DEFAULT_DATA_DIRS[arguments.scale]
    until = parse_date_option("--until", arguments.until)
    result = build_demo(data_dir, force=arguments.force, scale=arguments.scale, until=until)
    print(
        f"演示数据已生成 / demo written: {result.snapshots} snapshots in {result.data_dir} "
        f"({result.seconds:.1f} s)"
    )
    print(
        f"{arguments.scale}: {result.households:,} households, {result.people:,} people in the "
        f"latest snapshot; {result.households_per_minute:,.0f} households a minute"
        + (f" (drawing {result.draw_seconds:.1f} s)" if result.draw_seconds else "")
    )
    from dashboard.serving_cli import prepare  # the derived tables now, not in a user's page

    prepare(result.data_dir)
    return 0


def parse_date_option(option: str, text: str | None) -> dt.date | None:
    """A YYYY-MM-DD option as a date (None when not given); a clear error otherwise."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise TuopinError(
            f"{option} 的日期“{text}”无法识别，请写成 YYYY-MM-DD，例如 2018-06-30。",
            f"{option}: cannot read the date {text!r}; write it as YYYY-MM-DD, e.g. 2018-06-30.",
        ) from None


def command_snapshots(arguments: argparse.Namespace, _extra: list[str]) -> int:
    data_dir = arguments.data or default_data_dir()
    snapshots = list_snapshots(data_dir)
    if not snapshots:
        get_snapshot(data_dir)  # raises the "no snapshot, run tuopin demo" error
    tables = list(snapshots[-1].row_counts)
    header = ["snapshot_date", "source", *tables]
    rows = [
        [info.snapshot_date.isoformat(), info.source_kind]
        + [f"{info.row_counts.get(name, 0):,}" for name in tables]
        for info in snapshots
    ]
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    for row in [header, *rows]:
        print("  ".join(str(cell).rjust(width) for cell, width in zip(row, widths, strict=True)))
    return 0


def command_figures(arguments: argparse.Namespace, _extra: list[str]) -> int:
    from dashboard.data import open_database
    from dashboard.report_figures import check_figures, default_figures_snapshot
    from dashboard.snapshots import not_in_source_label

    data_dir = arguments.data or default_data_dir()
    database = open_database(data_dir)
    try:
        # The demo town's figures are the report's, of 2018-06-30 (the demo goes on to 2025).
        snapshot = database.snapshot(arguments.snapshot or default_figures_snapshot(database))
        checks = check_figures(database, snapshot.snapshot_date)
        inspection = ledger_figure(database, data_dir, snapshot.snapshot_date)
    finally:
        database.close()
    matched = sum(check.matches for check in checks)
    if arguments.json:
        print(
            json.dumps(
                {
                    "snapshot_date": snapshot.snapshot_date.isoformat(),
                    "matched": matched,
                    "total": len(checks),
                    "figures": [check.as_dict() for check in checks],
                    "ledger": inspection,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(f"快照 / snapshot {snapshot.snapshot_date.isoformat()}  ({data_dir})")
        for check in checks:
            entry = check.as_dict()
            mark = "✓" if check.matches else "✗"
            reported = " / ".join(f"{value:,}" for value in entry["reported"])
            computed = " / ".join("—" if v is None else f"{v:,}" for v in entry["computed"])
            if check.not_in_source:
                computed = f"{not_in_source_label('zh')} / {not_in_source_label('en')}"
            print(
                f"{mark} {entry['id']}  {entry['label_zh']:<24} 报告 {reported:<22} 数据 {computed}"
            )
        print(f"{matched}/{len(checks)} 与报告一致 / match the report")
        if inspection is not None:
            mark = "✓" if inspection["matches"] else "✗"
            print(
                f"{mark} F34  2018年大排查问题（件，整改台账）  报告 近2000 "
                f"(1,900–1,999)      数据 {inspection['computed']:,}"
            )
    ledger_ok = inspection is None or inspection["matches"]
    return 0 if matched == len(checks) and ledger_ok else 1


def ledger_figure(database, data_dir: Path, snapshot_date) -> dict | None:
    """F34 beside the 33: the 2018 大排查's problems in the ledger ("近2000件": 1,900–1,999).

    Only where the data directory has a ledger (the demo writes its inspection into one).
    """
    from dashboard.instance import has_state
    from dashboard.ledger import measures
    from dashboard.ledger.demo import ensure_demo_ledger
    from dashboard.ledger.store import Ledger

    if not database.snapshot().is_demo and not has_state(data_dir):
        return None
    ledger = Ledger.of(data_dir)
    ensure_demo_ledger(database, ledger)
    count = measures.inspection_count(ledger.frame(), snapshot_date)
    return {"id": "F34", "computed": count, "reported": "近2000", "matches": 1900 <= count <= 1999}


def command_serve(arguments: argparse.Namespace, extra: list[str]) -> int:
    data_dir = (arguments.data or default_data_dir()).resolve()
    if not list_snapshots(data_dir) and data_dir == DEFAULT_DATA_DIR.resolve():
        from dashboard.demo.build import build_demo

        result = build_demo(data_dir)
        print(f"演示数据已生成 / demo written to {result.data_dir} ({result.seconds:.1f} s)")
    environment = dict(os.environ, TUOPIN_DATA=str(data_dir))
    environment.pop(NO_AUTH_VARIABLE, None)  # only --no-auth turns it on, never the shell
    if arguments.no_auth:
        from dashboard.access.demo_accounts import require_demo

        require_demo(data_dir, "不登录就打开（--no-auth）", "Serving without sign-in (--no-auth)")
        environment[NO_AUTH_VARIABLE] = "1"
        print(
            "演示数据，不需登录：任何能访问这个端口的人都能看到（演示数据是虚构的）。\n"
            "Demo data without sign-in: anyone who reaches this port sees it (the data is "
            "synthetic)."
        )
    else:
        print_sign_in_help(data_dir)
    streamlit_arguments = [argument for argument in extra if argument != "--"]
    if arguments.processes > 1:  # N processes behind HAProxy (dashboard/serving.py)
        from dashboard.serving_cli import serve_processes

        return serve_processes(arguments, data_dir, environment, streamlit_arguments)
    if arguments.port is not None:  # N = 1: today's single server, on the port asked for
        streamlit_arguments += ["--server.port", str(arguments.port)]
    command = [sys.executable, "-m", "streamlit", "run", str(SERVER_SCRIPT), *streamlit_arguments]
    # Streamlit reads .streamlit/config.toml from the working directory: run from the project.
    # The process becomes Streamlit (exec, not a child), so stopping `tuopin serve` stops the
    # server too: a child would outlive a terminated parent and keep its port.
    sys.stdout.flush()
    os.chdir(PROJECT_ROOT)
    os.execve(sys.executable, command, environment)
    return 0  # not reached: execve replaces this process


def print_sign_in_help(data_dir: Path) -> None:
    """Before serving with sign-in: the demo's accounts (made on the first serve), or how to
    make the first account of imported data."""
    from dashboard.access.demo_accounts import (
        accounts_file,
        describe,
        ensure_demo_accounts,
        is_demo_directory,
    )
    from dashboard.access.store import has_accounts

    if is_demo_directory(data_dir):
        print(describe(ensure_demo_accounts(data_dir)))
        print(
            f"（密码保存在 {accounts_file(data_dir)}，仅本机用户可读；不登录看演示："
            "tuopin serve --no-auth）\n"
            f"(kept in {accounts_file(data_dir)}, readable by this user only; the demo "
            "without sign-in: tuopin serve --no-auth)"
        )
    elif not has_accounts(data_dir):
        print(
            "这个数据目录还没有账号，需要登录才能查看。先建一个：\n"
            f"  tuopin users add 用户名 --role analyst --data {data_dir}\n"
            "This data directory has no account yet, and it is served with sign-in only. "
            f"Make one first: tuopin users add NAME --role analyst --data {data_dir}"
        )


if __name__ == "__main__":
    sys.exit(main())
