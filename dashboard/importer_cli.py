"""`tuopin import`: read, validate and write the 建档立卡 exports and the town's ledgers.

    tuopin import --data DIR --snapshot-date YYYY-MM-DD [--mapping FILE] [--dry-run]
                  [--accept-guesses] [--save-mapping FILE] [--problems PROBLEMS.xlsx]
                  [--department 医保] FILE...

A department's list (医保, 民政, 残联, 教育, 应急管理, 公安, 市场监管, 车辆, 财政供养 …) is matched
by ID number into `department_records`. Imported alone, the lists make a new snapshot of
`--snapshot-date` whose register is the data directory's latest snapshot on or before that date,
carried over unchanged with its department records. `--department` names the lists' department
when they do not (no 部门 column, nothing in the file name).

Columns are recognised by what their headers say and what their values look like. Where the
import is not sure of a column it prints its guess and writes nothing: confirm with
`--mapping FILE` (`--save-mapping FILE` writes the guesses as such a file to edit), or take every
guess with `--accept-guesses` (a file whose guesses still leave a required field unmatched is
refused all the same). A mapping confirmed once is kept in the data directory and used again for
the next file of the same layout.

Problems are printed grouped by file, column and kind, with their count and first rows
("务工状况 为空: 112 行 (4, 5, 6, 7, 8 …) → 未外出务工, 警告"); --problems writes the full list,
one line per row, as an Excel file.

Exit 0 with a summary when the snapshot was written (or, with --dry-run, would be), or when
the very same files were imported before; exit 1 with the problems when anything is wrong,
and nothing is written then. A data directory that does not exist yet is created.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.importer.headers import KIND_LABELS
from dashboard.importer.run import (
    ImportPlan,
    already_imported,
    plan_import,
    plan_mapping,
    write_import,
)
from dashboard.importer.summary import group_line, group_problems, problems_workbook
from dashboard.snapshots import default_data_dir, parse_date

GROUPS_SHOWN = 60  # summary lines; past this the terminal is no place: use --problems
EXIT_PROBLEMS = 1


def register(subparsers, data_option) -> None:
    """Add the `import` subcommand to the `tuopin` parser."""
    command = subparsers.add_parser(
        "import", help="import spreadsheets (建档立卡 roster, ledgers) as one snapshot"
    )
    data_option(command)
    command.add_argument(
        "--snapshot-date", required=True, help="the date the files describe, YYYY-MM-DD"
    )
    command.add_argument("--mapping", type=Path, help="TOML file mapping local headers to fields")
    command.add_argument(
        "--dry-run", action="store_true", help="validate and report; write nothing"
    )
    command.add_argument(
        "--force", action="store_true", help="replace an existing snapshot of the same date"
    )
    command.add_argument(
        "--problems", type=Path, help="write every problem, one line per row, to this .xlsx"
    )
    command.add_argument(
        "--accept-guesses",
        action="store_true",
        help="take the best guess for every column the import is not sure of",
    )
    command.add_argument(
        "--save-mapping",
        type=Path,
        help="write every column's field (the guesses included) as a mapping file to edit",
    )
    command.add_argument(
        "--department",
        help="the department of the lists imported (医保, 民政, 残联 … or medical_insurance, "
        "civil_affairs …), when they do not say it themselves",
    )
    command.add_argument("files", nargs="+", type=Path, help=".xlsx, .xls or .csv files")
    command.set_defaults(handler=command_import)


def command_import(arguments: argparse.Namespace, _extra: list[str]) -> int:
    data_dir = Path(arguments.data or default_data_dir())
    snapshot_date = parse_date(arguments.snapshot_date)
    files = _expand(arguments.files)
    plan = plan_import(
        files,
        snapshot_date,
        arguments.mapping,
        progress=lambda line: print(line, file=sys.stderr),
        data_dir=data_dir if data_dir.is_dir() else None,
        department=arguments.department,
    )
    print_plan(plan)
    if arguments.problems and plan.problems:
        arguments.problems.write_bytes(problems_workbook(plan.errors + plan.warnings, "zh"))
        print(f"问题清单 / every problem: {arguments.problems}")
    if arguments.save_mapping and plan.files:
        arguments.save_mapping.write_text(plan_mapping(plan), "utf-8")
        print(f"列映射 / column mapping: {arguments.save_mapping}")
    if plan.guesses and not arguments.accept_guesses:
        target = arguments.save_mapping or Path("mapping.toml")
        print(
            f"\n未导入：有 {len(plan.guesses)} 列是推测的，需要确认，未写入任何数据。"
            f"请核对上面的推测，然后用 --mapping {target} 指明各列"
            f"{'' if arguments.save_mapping else f'（可先用 --save-mapping {target} 写出推测）'}，"
            "或加 --accept-guesses 接受全部推测。"
            f"\nNot imported: {len(plan.guesses)} columns are guesses to confirm; nothing was "
            f"written. Check the guesses above, then name the columns with --mapping {target}"
            f"{'' if arguments.save_mapping else f' (--save-mapping {target} writes the guesses to edit)'}"
            ", or take every guess with --accept-guesses."
        )
        return EXIT_PROBLEMS
    if not plan.ok:
        print(
            f"\n未导入：{len(plan.errors)} 个错误，未写入任何数据。请改正后重新导入。"
            f"\nNot imported: {len(plan.errors)} errors; nothing was written. Correct them and "
            "import again."
        )
        return EXIT_PROBLEMS
    if arguments.dry_run:
        print("\n试运行：校验通过，未写入。/ Dry run: the files pass; nothing was written.")
        return 0
    earlier = already_imported(data_dir, plan) if data_dir.exists() else None
    if earlier is not None:
        print(
            f"\n这些文件已于 {earlier.manifest.get('written_at', '')[:19]} 导入为 "
            f"{earlier.snapshot_date.isoformat()} 的快照，未重复写入。"
            f"\nThese files were already imported as the snapshot of "
            f"{earlier.snapshot_date.isoformat()}; nothing was written again."
        )
        return 0
    info = write_import(data_dir, plan, replace=arguments.force)
    print(
        f"\n已写入快照 {info.snapshot_date.isoformat()}：{info.path}"
        f"\nSnapshot {info.snapshot_date.isoformat()} written: {info.path}"
    )
    from dashboard.serving_cli import prepare  # its derived tables now, not in a user's page

    prepare(data_dir)
    return 0


def _expand(paths: list[Path]) -> list[Path]:
    """Folders stand for the spreadsheets inside them, so a user can hand over a whole folder."""
    files = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                p
                for p in path.iterdir()
                if p.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".csv")
                and not p.name.startswith(("~$", "."))
            )
        else:
            files.append(path)
    return files


def print_plan(plan: ImportPlan) -> None:
    """The summary: files and their kinds, rows per table, what was derived, the problems."""
    print(f"快照日期 / snapshot date: {plan.snapshot_date.isoformat()}")
    for parsed in plan.files:
        zh, en = KIND_LABELS[parsed.kind]
        sheet = f" [{parsed.sheet}]" if parsed.sheet else ""
        print(f"  {parsed.name}{sheet}: {zh} / {en}, {len(parsed.records):,} 行 / rows")
        sure = sum(1 for m in parsed.matches if m.field and not m.unsure)
        unsure = [m for m in parsed.matches if m.unsure]
        unknown = sum(1 for m in parsed.matches if m.field is None)
        print(
            f"    列 / columns: {len(parsed.matches)}，自动识别 matched {sure}，"
            f"待确认 to confirm {len(unsure)}，未导入 not imported {unknown}"
        )
        for match in unsure:
            shown = "、".join(match.samples)
            print(
                f"    ? “{match.header}” → {match.field} "
                f"（{match.confidence:.0%}，{'按取值' if match.how == 'values' else '按列名'} / "
                f"by its {'values' if match.how == 'values' else 'header'}; 例 e.g. {shown}）"
            )
    for table, columns in plan.not_in_source.items():
        print(f"  来源未提供 / not in the source: {table}.{', '.join(columns)}")
    if plan.base is not None:
        print(
            f"  名单与 {plan.base.snapshot_date.isoformat()} 快照的建档立卡名单比对，该名单原样沿用"
            f" / matched with the register of {plan.base.snapshot_date.isoformat()}, carried over"
            " unchanged"
        )
    if plan.tables is not None:
        print("表 / tables: " + ", ".join(f"{k} {v:,}" for k, v in plan.row_counts().items()))
    for item in plan.derived:
        print(
            f"  推导 / derived {item.table}.{item.column} ({item.rows:,}): {item.how_zh} / {item.how_en}"
        )
    problems = plan.errors + plan.warnings
    if not problems:
        return
    print(f"问题 / problems: {len(plan.errors)} 错误 errors, {len(plan.warnings)} 警告 warnings")
    groups = group_problems(problems)
    for group in groups[:GROUPS_SHOWN]:
        print(f"  {group_line(group, 'zh')}")
        print(f"    {group_line(group, 'en')}")
    if len(groups) > GROUPS_SHOWN:
        print(
            f"  … 另有 {len(groups) - GROUPS_SHOWN} 组，完整清单请用 --problems FILE.xlsx"
            f" / {len(groups) - GROUPS_SHOWN} more groups: --problems FILE.xlsx lists them all"
        )
