"""`tuopin deck` and `tuopin narrative`: the half-year evaluation from the command line.

    tuopin deck [--data DIR] --period 2018H1 [--area CODE | --village CODE] [--lang zh|en] --out FILE.pptx
    tuopin narrative [--data DIR] --period 2018H1 [--area CODE | --village CODE] [--lang zh|en] [--docx FILE]

`register(subparsers, data_option)` adds both to the `tuopin` parser (dashboard/cli.py).
"""

from __future__ import annotations

import argparse
import functools
from pathlib import Path

from dashboard.errors import TuopinError, check_output_file
from dashboard.i18n import LANGUAGES
from dashboard.snapshots import default_data_dir
from dashboard.stage_timer import open_data, step


def register(subparsers, data_option) -> None:
    """Add `deck` and `narrative` to the `tuopin` subcommands."""
    deck = subparsers.add_parser("deck", help="the half-year evaluation as a .pptx deck")
    data_option(deck)
    _common(deck)
    deck.add_argument("--out", type=Path, required=True, help="the .pptx file to write")
    deck.add_argument(
        "--no-map", action="store_true", help="skip the map image (no Kaleido/Chromium run)"
    )
    deck.set_defaults(handler=command_deck)

    narrative = subparsers.add_parser(
        "narrative", help="the report's sections 一 and 二 written from the data (Markdown)"
    )
    data_option(narrative)
    _common(narrative)
    narrative.add_argument("--docx", type=Path, default=None, help="also write a .docx file")
    narrative.set_defaults(handler=command_narrative)


def _common(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--period", required=True, help="2018H1 (first half), 2018H2 (second half) or 2017 (year)"
    )
    command.add_argument(
        "--area",
        default=None,
        help="an area code: province 2, prefecture 4, county 6, town 9 or village 12 digits",
    )
    command.add_argument(
        "--village", default=None, help="one village's 12-digit code (the same as --area CODE)"
    )
    command.add_argument("--lang", choices=LANGUAGES, default="zh", help="language (default zh)")


def _figures(arguments: argparse.Namespace):
    from dashboard.data import Viewer
    from dashboard.evaluation.figures import compute
    from dashboard.evaluation.notes import load_notes
    from dashboard.evaluation.period import parse_period, resolve
    from dashboard.hierarchy import AreaIndex

    data_dir = arguments.data or default_data_dir()
    period = parse_period(arguments.period)
    village, viewer = area_scope(arguments)
    database = open_data(data_dir)
    try:
        run = functools.partial(database.run, viewer=viewer)
        periods = resolve(period, database.snapshots)
        # Above a town the slides count by the next level down (a province's prefectures).
        index = AreaIndex.of(run("area_units", snapshot_date=periods.closing.snapshot_date))
        with step("计算讲评数字", "computing the evaluation's figures"):
            figures = compute(
                run,
                periods,
                village,
                unit_digits=index.unit_digits(arguments.area or ""),
                unit_names=index.names,
                # The monitoring queries take no village: one village's are its viewer's rows.
                monitoring_run=(
                    functools.partial(database.run, viewer=Viewer(area=village))
                    if village
                    else None
                ),
            )
        with step("读取整改台账", "reading the rectification ledger"):
            problems = rectification_problems(database, data_dir)
    finally:
        database.close()
    if viewer is not None and not figures.scope.get("units"):
        raise TuopinError(
            f"数据中没有区域 {viewer.area} 的村。请用统计用区划代码（2、4、6、9 或 12 位）。",
            f"No village of the area {viewer.area} in the data. Use a 统计用区划代码 "
            "(2, 4, 6, 9 or 12 digits).",
        )
    if problems is not None:
        figures.with_rectification(problems, arguments.lang)
    return data_dir, figures, load_notes(data_dir, period, village or arguments.area)


def area_scope(arguments: argparse.Namespace):
    """(village code or None, viewer): `--village` and a 12-digit `--area` are one village;
    a wider `--area` narrows every query to it (the data layer's row scope, as on the pages)."""
    from dashboard.data import Viewer
    from dashboard.hierarchy import LEVEL_DIGITS, is_area_code

    area = (arguments.area or "").strip()
    if area and not is_area_code(area):
        raise TuopinError(
            f"区域代码 {area!r} 无效：应为 2、4、6、9 或 12 位数字。",
            f"The area code {area!r} is not valid: 2, 4, 6, 9 or 12 digits.",
        )
    if arguments.village and area and arguments.village != area:
        raise TuopinError(
            "--village 与 --area 不一致，请只给一个。",
            "--village and --area disagree; give only one.",
        )
    if arguments.village or len(area) == LEVEL_DIGITS["village"]:
        return arguments.village or area, None
    return None, (Viewer(area=area) if area else None)


def rectification_problems(database, data_dir: Path):
    """The ledger's problems when the data directory keeps a ledger (the demo always does)."""
    from dashboard.instance import has_state
    from dashboard.ledger.demo import ensure_demo_ledger
    from dashboard.ledger.store import Ledger

    if not database.snapshot().is_demo and not has_state(data_dir):
        return None
    ledger = Ledger.of(data_dir)
    ensure_demo_ledger(database, ledger)
    return ledger.frame()


def record_for(data_dir: Path, event: str, **detail: object) -> None:
    """Record a deck or narrative made on the command line (as `cli:<user>`)."""
    from dashboard.access import audit

    audit.record_for(data_dir, event, **detail)


def command_deck(arguments: argparse.Namespace, _extra: list[str]) -> int:
    from dashboard.evaluation.deck import map_renderer, write_deck
    from dashboard.evaluation.slides import build_slides

    out = check_output_file(Path(arguments.out), (".pptx",))
    data_dir, figures, notes = _figures(arguments)
    slides = build_slides(figures, arguments.lang, notes)
    renderer = None if arguments.no_map else map_renderer(data_dir, arguments.lang)
    with step("绘制图表与地图，写入演示文稿", "drawing the charts and the map, writing the deck"):
        write_deck(slides, out, renderer)
    record_for(data_dir, "deck.made", what=out.name, format="pptx", slides=len(slides))
    print(f"演示文稿已写入 / deck written: {out} ({len(slides)} slides)")
    return 0


def command_narrative(arguments: argparse.Namespace, _extra: list[str]) -> int:
    from dashboard.evaluation.narrative import build_narrative, write_docx

    data_dir, figures, notes = _figures(arguments)
    markdown = build_narrative(figures, arguments.lang, notes)
    print(markdown)
    record_for(
        data_dir,
        "narrative.made",
        what=Path(arguments.docx).name if arguments.docx else "stdout",
        format="docx" if arguments.docx else "md",
    )
    if arguments.docx:
        check_output_file(Path(arguments.docx))
        with step("写入 Word 文档", "writing the .docx"):
            write_docx(markdown, arguments.docx)
        print(f"Word 文档已写入 / .docx written: {arguments.docx}")
    return 0
