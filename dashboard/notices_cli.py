"""`tuopin notice`: a village's exit, identification or monitoring notice (公示) or announcement.

    tuopin notice [--data DIR] --village CODE [--year 2018] [--kind exit|identify|monitoring]
                  [--stage notice|announcement] [--start YYYY-MM-DD] --phone NUMBER --out FILE

`--out` ending in .docx writes the Word document; .pdf also runs it through LibreOffice.
The command runs as the operating-system user, who may see names: the notice carries the
heads' names, as the procedure requires, and never an ID number.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from dashboard.errors import check_output_file
from dashboard.snapshots import default_data_dir


def register(subparsers, data_option) -> None:
    """Add `notice` to the `tuopin` subcommands."""
    command = subparsers.add_parser(
        "notice", help="a village's exit or identification notice (公示/公告) as .docx or PDF"
    )
    data_option(command)
    command.add_argument("--snapshot", default=None, help="snapshot date (default: the latest)")
    command.add_argument("--village", required=True, help="the village's 12-digit code")
    command.add_argument("--year", type=int, default=None, help="the year (default: snapshot's)")
    # exit 拟退出, identify 拟识别 (7 days); monitoring 拟纳入防返贫监测 (5 days): notices.KINDS
    command.add_argument("--kind", choices=("exit", "identify", "monitoring"), default="exit")
    command.add_argument("--stage", choices=("notice", "announcement"), default="notice")
    command.add_argument(
        "--start",
        type=dt.date.fromisoformat,
        default=None,
        help="first day of the village notice (default: today); a 公告 is dated the day after its 7 days",
    )
    command.add_argument("--phone", required=True, help="the phone number for objections")
    command.add_argument("--out", type=Path, required=True, help="FILE.docx or FILE.pdf")
    command.set_defaults(handler=command_notice)


def command_notice(arguments: argparse.Namespace, _extra: list[str]) -> int:
    """Write the notice; say where, and how many households it names."""
    from dashboard.data import Viewer
    from dashboard.evaluation.pdf import office_to_pdf
    from dashboard.notices import build_notice, notice_docx
    from dashboard.stage_timer import open_data

    out = check_output_file(Path(arguments.out), (".docx", ".pdf"))
    database = open_data(arguments.data or default_data_dir())
    try:
        snapshot = database.snapshot(arguments.snapshot)
        names = Viewer(show_names=True)  # the notice names the heads; ID numbers stay out

        def run(name: str, **params: object):
            return database.run(name, viewer=names, **params)

        notice = build_notice(
            run,
            snapshot.snapshot_date,
            arguments.village,
            arguments.year or snapshot.snapshot_date.year,
            kind=arguments.kind,
            stage=arguments.stage,
            start=arguments.start or dt.date.today(),
            phone=arguments.phone,
        )
    finally:
        database.close()
    from dashboard.access import audit

    document = notice_docx(notice)
    audit.record_for(
        arguments.data or default_data_dir(),
        "notice.made",
        village=arguments.village,
        year=notice.year,
        kind=notice.kind,
        stage=notice.stage,
        households=notice.households,
        file=out.name,
    )
    out.write_bytes(office_to_pdf(document, ".docx") if out.suffix.lower() == ".pdf" else document)
    print(
        f"已写入 {notice.title}：{notice.households} 户 {notice.people} 人 → {out}\n"
        f"Written: {notice.households} households, {notice.people} people → {out}"
    )
    return 0
