"""`tuopin check`: run the logic-check catalogue (疑点) on a snapshot and print counts by rule.

Exit code 0 when no rule of severity error finds anything, 1 when one does (warnings alone do
not fail), 2 for a user error such as a missing snapshot (printed by `dashboard.cli.main`).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

from dashboard import checks
from dashboard.snapshots import default_data_dir


def register(subparsers: argparse._SubParsersAction, data_option: Callable) -> None:
    """Add `check` to the `tuopin` command line."""
    command = subparsers.add_parser(
        "check", help="run the logic-check catalogue (疑点) and print counts by rule"
    )
    data_option(command)
    command.add_argument("--snapshot", help="snapshot date YYYY-MM-DD (default: latest)")
    command.add_argument("--json", action="store_true", help="print JSON")
    command.set_defaults(handler=command_check)


def command_check(arguments: argparse.Namespace, _extra: list[str]) -> int:
    from dashboard.stage_timer import open_data

    data_dir = arguments.data or default_data_dir()
    database = open_data(data_dir)
    try:
        snapshot = database.snapshot(arguments.snapshot)
        # The findings kept for the snapshot (every rule run once when it was written or first
        # opened): a province's counts come back in a second, not after 42 rules' worth.
        zh = checks.stored_counts_by_rule(database.run, snapshot.snapshot_date, "zh")
        en = checks.stored_counts_by_rule(database.run, snapshot.snapshot_date, "en")
    finally:
        database.close()
    errors = int(zh.loc[zh["severity"] == "error", "findings"].sum())
    warnings = int(zh.loc[zh["severity"] == "warning", "findings"].sum())
    if arguments.json:
        rules = [
            {
                "id": row.rule_id,
                "severity": row.severity,
                "title_zh": row.title,
                "title_en": title_en,
                "findings": int(row.findings),
                "households": int(row.households),
            }
            for row, title_en in zip(zh.itertuples(index=False), en["title"], strict=True)
        ]
        print(
            json.dumps(
                {
                    "snapshot_date": snapshot.snapshot_date.isoformat(),
                    "rules": len(rules),
                    "errors": errors,
                    "warnings": warnings,
                    "checks": rules,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(f"快照 / snapshot {snapshot.snapshot_date.isoformat()}  ({data_dir})")
        for row, title_en in zip(zh.itertuples(index=False), en["title"], strict=True):
            mark = "✗" if row.findings and row.severity == "error" else "!" if row.findings else "✓"
            severity = "错误 error  " if row.severity == "error" else "待核 warning"
            print(f"{mark} {row.rule_id}  {severity}  {row.findings:>6,}  {row.title} / {title_en}")
        print(f"{len(zh)} 条规则 / rules: 错误 {errors:,} errors, 待核实 {warnings:,} warnings")
    return 1 if errors else 0
