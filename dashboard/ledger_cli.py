"""`tuopin ledger …`: the rectification ledger (整改台账) from the command line.

    tuopin ledger sync    [--data DIR] [--snapshot DATE]   findings of the logic checks → problems
    tuopin ledger summary [--data DIR] [--snapshot DATE] [--json]   open, overdue, fixed this month
    tuopin ledger export  [--data DIR] [--snapshot DATE] [--village CODE] --out FILE.xlsx
    tuopin ledger import  [--data DIR] [--snapshot DATE] [--found-date DATE] FILE.xlsx

Commands run as the operating-system user, unrestricted; they are recorded as `cli:<user>`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
from pathlib import Path

from dashboard.errors import TuopinError
from dashboard.snapshots import default_data_dir


def register(subparsers, data_option) -> None:
    """Add `ledger` and its subcommands to the `tuopin` parser."""
    ledger = subparsers.add_parser("ledger", help="the rectification ledger (整改台账)")
    commands = ledger.add_subparsers(dest="ledger_command", required=True)
    for name, handler, text in (
        ("sync", command_sync, "turn the logic checks' findings into problems, in step"),
        ("summary", command_summary, "open, overdue and fixed this month, by category"),
        ("export", command_export, "the ledger as the town's Excel form"),
        ("import", command_import, "a town's Excel ledger into the ledger"),
    ):
        command = commands.add_parser(name, help=text)
        data_option(command)
        command.add_argument("--snapshot", default=None, help="snapshot date (default: latest)")
        command.set_defaults(handler=handler)
        if name == "summary":
            command.add_argument("--json", action="store_true")
        if name == "export":
            command.add_argument("--village", default=None, help="one village's code")
            command.add_argument("--out", type=Path, required=True)
        if name == "import":
            command.add_argument("--found-date", type=dt.date.fromisoformat, default=None)
            command.add_argument("file", type=Path)


def actor() -> str:
    return f"cli:{getpass.getuser()}"


def audit_event(arguments, event: str, **detail: object) -> None:
    """Record a ledger command in the data directory's audit log, as `cli:<user>`."""
    from dashboard.access import audit

    audit.record_for(arguments.data or default_data_dir(), event, actor=actor(), **detail)


def _open(arguments):
    from dashboard.ledger.demo import ensure_demo_ledger
    from dashboard.ledger.store import Ledger
    from dashboard.stage_timer import open_data

    data_dir = arguments.data or default_data_dir()
    database = open_data(data_dir)
    ledger = Ledger.of(data_dir)
    ensure_demo_ledger(database, ledger)
    return database, ledger, database.snapshot(arguments.snapshot)


def _open_with_names(arguments):
    """The ledger, the snapshot and the names a ledger file is matched by (the database closed)."""
    from dashboard.data import Viewer

    database, ledger, snapshot = _open(arguments)
    try:
        names = database.run(
            "ledger_names", viewer=Viewer(show_names=True), snapshot_date=snapshot.snapshot_date
        )
    finally:
        database.close()
    return ledger, snapshot, names


def command_sync(arguments: argparse.Namespace, _extra: list[str]) -> int:
    """Run every logic check on the snapshot and keep the finding problems in step with it."""
    from dashboard.checks import stored_findings

    database, ledger, snapshot = _open(arguments)
    try:
        findings = stored_findings(database.run, snapshot.snapshot_date)
    finally:
        database.close()
    result = ledger.sync_findings(findings, snapshot.snapshot_date, actor())
    audit_event(arguments, "ledger.synced", added=result.added, reopened=result.reopened)
    print(
        f"新增 {result.added} 件，数据中已整改 {result.fixed_in_data} 件，重新打开 {result.reopened} 件，"
        f"未变 {result.unchanged} 件。\nAdded {result.added}, fixed in the data "
        f"{result.fixed_in_data}, reopened {result.reopened}, unchanged {result.unchanged}."
    )
    return 0


def command_summary(arguments: argparse.Namespace, _extra: list[str]) -> int:
    """The ledger's numbers as of the snapshot's date."""
    from dashboard.ledger import measures

    database, ledger, snapshot = _open(arguments)
    database.close()
    problems = ledger.frame()
    day = snapshot.snapshot_date
    cards = measures.cards(problems, day)
    categories = measures.by_category(problems, day)
    if arguments.json:
        print(
            json.dumps(
                {"as_of": day.isoformat(), **cards, "by_category": categories.to_dict("records")},
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    print(
        f"截至 {day.isoformat()}：问题 {cards['total']} 件，未整改 {cards['open']} 件"
        f"（逾期 {cards['overdue']} 件），本月整改 {cards['fixed_this_month']} 件。"
    )
    for row in categories.itertuples(index=False):
        print(f"  {row.label:<8} {row.problems:>6} 件  未整改 {row.open:>5}  逾期 {row.overdue:>5}")
    return 0


def command_export(arguments: argparse.Namespace, _extra: list[str]) -> int:
    """Write the town's Excel ledger (one village, or all)."""
    from dashboard.ledger.excel import ledger_table, ledger_workbook

    out = Path(arguments.out)
    if out.suffix.lower() != ".xlsx" or not out.parent.is_dir():
        raise TuopinError(
            f"输出文件应以 .xlsx 结尾，且目录应已存在：{out}",
            f"The output file should end in .xlsx, in a folder that exists: {out}",
        )
    ledger, snapshot, names = _open_with_names(arguments)
    problems = ledger.frame()
    if arguments.village:
        problems = problems[problems["village_code"] == arguments.village]
    table = ledger_table(problems, names)
    title = f"整改台账（截至 {snapshot.snapshot_date.isoformat()}）"
    out.write_bytes(ledger_workbook(table, title))
    audit_event(arguments, "export", what="ledger", rows=len(table), file=out.name)
    print(f"已写入 {len(table)} 件 / {len(table)} problems written → {out}")
    return 0


def command_import(arguments: argparse.Namespace, _extra: list[str]) -> int:
    """Enter a town's Excel ledger; refuse the whole file, listing its rows, if any is bad."""
    from dashboard.importer.summary import group_line, group_problems
    from dashboard.ledger.excel import import_ledger_workbook

    if not arguments.file.is_file():
        raise TuopinError(f"找不到文件：{arguments.file}", f"No such file: {arguments.file}")
    ledger, snapshot, names = _open_with_names(arguments)
    found = arguments.found_date or snapshot.snapshot_date
    count, errors = import_ledger_workbook(
        ledger, arguments.file.read_bytes(), names, found, actor(), arguments.file.name
    )
    if errors:  # grouped as the roster import groups its problems: one line per kind, its rows
        rows = len({error.row for error in errors})
        print(f"问题 / problems: {len(errors)} 错误 errors")
        for group in group_problems(errors):
            print(f"  {group_line(group, 'zh')}")
            print(f"    {group_line(group, 'en')}")
        audit_event(
            arguments, "ledger.imported", rows=0, refused_rows=rows, file=arguments.file.name
        )
        raise TuopinError(
            f"{rows} 行有问题，什么也没有写入。",
            f"{rows} rows have problems; nothing written.",
        )
    audit_event(arguments, "ledger.imported", rows=count, file=arguments.file.name)
    print(f"已导入 {count} 件 / {count} problems imported")
    return 0
