"""`tuopin monitoring`: the monitoring work (防返贫监测) on the command line.

    tuopin monitoring summary [--data DIR] [--snapshot DATE] [--area CODE] [--json]

The counts by kind of object, open and eliminated, identified and eliminated this year, the
clues of the early warning, and the findings of each monitoring check (C50–C54), as
`tuopin ledger summary` gives the ledger's. The same query files as /monitoring
(`queries/monitoring_totals.sql`, `monitoring_by_kind.sql`, `monitoring_clue_counts.sql`,
`quality_rule_counts.sql`). Run as the operating-system user: every row of `--area`, names masked.
"""

from __future__ import annotations

import argparse
import json

from dashboard.errors import TuopinError
from dashboard.snapshots import default_data_dir

MONITORING_CHECKS = "checks/monitoring_"  # the catalogue's rules on the monitoring itself


def register(subparsers, data_option) -> None:
    """Add `monitoring` and its subcommands to the `tuopin` parser."""
    monitoring = subparsers.add_parser("monitoring", help="relapse-risk monitoring (防返贫监测)")
    commands = monitoring.add_subparsers(dest="monitoring_command", required=True)
    summary = commands.add_parser(
        "summary", help="objects by kind, open and eliminated, this year's flows, checks"
    )
    data_option(summary)
    summary.add_argument("--snapshot", default=None, help="snapshot date (default: latest)")
    summary.add_argument(
        "--area", default="", help="a code prefix: a province, county, town or village"
    )
    summary.add_argument("--json", action="store_true")
    summary.set_defaults(handler=command_summary)


def summary(database, snapshot_date, area: str) -> dict:
    """The summary's numbers for the rows of `area` (a code prefix; '' the whole directory)."""
    from dashboard import checks
    from dashboard.access.roles import check_area
    from dashboard.data import Viewer

    try:
        area = check_area(area)
    except ValueError:
        raise TuopinError(
            f"--area 应为区划代码的前若干位数字（如 341182108），而不是 {area!r}。",
            f"--area is a code prefix of digits (e.g. 341182108), not {area!r}.",
        ) from None
    viewer = Viewer(area=area)
    totals = database.run("monitoring_totals", viewer=viewer, snapshot_date=snapshot_date)
    by_kind = database.run("monitoring_by_kind", viewer=viewer, snapshot_date=snapshot_date)
    clues = database.run("monitoring_clue_counts", viewer=viewer, snapshot_date=snapshot_date)
    found = database.run("quality_rule_counts", viewer=viewer, snapshot_date=snapshot_date)
    counts = dict(zip(found["rule_id"], found["findings"], strict=True))
    rules = [rule for rule in checks.catalogue() if rule.query.startswith(MONITORING_CHECKS)]
    row = totals.iloc[0]
    return {
        "as_of": snapshot_date.isoformat(),
        "area": area,
        **{name: _plain(row[name]) for name in totals.columns},
        "by_kind": [
            {name: _plain(value) for name, value in record.items()}
            for record in by_kind.to_dict("records")
        ],
        "clues": {clue: int(n) for clue, n in zip(clues["clue"], clues["households"], strict=True)},
        "checks": [
            {
                "rule_id": rule.rule_id,
                "title": rule.title_zh,
                "findings": int(counts.get(rule.rule_id, 0)),
            }
            for rule in rules
        ],
    }


def _plain(value):
    """A JSON value: ints stay ints, a missing share is None."""
    if value is None or value != value:  # NaN
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value.item() if hasattr(value, "item") else value


def command_summary(arguments: argparse.Namespace, _extra: list[str]) -> int:
    """Print the monitoring summary of a snapshot (and an area)."""
    from dashboard.i18n import text
    from dashboard.reference import code_label
    from dashboard.stage_timer import open_data

    database = open_data(arguments.data or default_data_dir())
    try:
        snapshot = database.snapshot(arguments.snapshot)
        numbers = summary(database, snapshot.snapshot_date, arguments.area)
    finally:
        database.close()
    if arguments.json:
        print(json.dumps(numbers, ensure_ascii=False, indent=2))
        return 0
    rate = numbers["elimination_rate"]
    shown_rate = "—" if rate is None else f"{rate:.1%}"
    print(
        f"截至 {numbers['as_of']}{'（' + numbers['area'] + '）' if numbers['area'] else ''}："
        f"监测对象 {numbers['households']} 户 {numbers['people']} 人，风险未消除 "
        f"{numbers['open_households']} 户，已消除 {numbers['eliminated_households']} 户"
        f"（风险消除率 {shown_rate}）；本年新识别 {numbers['identified_this_year']} 次、"
        f"新消除 {numbers['eliminated_this_year']} 次。"
    )
    for kind in numbers["by_kind"]:
        print(
            f"  {code_label('monitoring', 'object_type', kind['object_type']):<8} 未消除 {kind['open_households']:>6} 户  "
            f"已消除 {kind['eliminated_households']:>6} 户"
        )
    print(
        f"未落实帮扶措施 {numbers['open_without_measure']} 户；有劳动力无产业就业措施 "
        f"{numbers['open_able_without_developmental']} 户；消除后再次识别 "
        f"{numbers['identified_again']} 户。"
    )
    clues = "、".join(
        f"{text(f'monitoring.clue.{clue}', 'zh')} {households}"
        for clue, households in numbers["clues"].items()
    )
    print(f"预警线索（户）：{clues or '无'}")
    for check in numbers["checks"]:
        print(f"  {check['rule_id']} {check['title']}：{check['findings']} 条")
    return 0
