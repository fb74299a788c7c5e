"""The `tuopin bench` subcommand: its options, and what each of overview, pages and load runs.

Registered by `dashboard/cli.py` where the command has always been; the benchmarks' modules
are imported only when the command runs (`tuopin --help` loads no DuckDB or Streamlit).
"""

from __future__ import annotations

import argparse
import cProfile
from pathlib import Path

from dashboard.snapshots import default_data_dir, get_snapshot


def register(commands, data_option) -> None:
    """The `bench` subcommand and its options on the `tuopin` parser."""
    bench = commands.add_parser("bench", help="benchmarks that print figures")
    bench.add_argument(
        "what",
        nargs="?",
        default="overview",
        choices=["overview", "pages", "load"],
        help="overview (default): the overview's queries, ours against raw DuckDB and pandas; "
        "pages: server-side run time per page; load: many sessions at once on a real server",
    )
    data_option(bench)
    bench.add_argument(
        "--runs", type=int, default=None, help="runs (median reported; overview 3, pages 5)"
    )
    bench.add_argument(
        "--page",
        action="append",
        default=None,
        metavar="PATH",
        help="pages only: time just this page (e.g. /programs); may be given more than once",
    )
    bench.add_argument(
        "--profile",
        type=Path,
        default=None,
        metavar="FILE",
        help="pages only: profile the second sessions' runs (cProfile), write them to FILE "
        "and print the costliest functions",
    )
    load = bench.add_argument_group("load (tuopin bench load; demo data only)")
    load.add_argument(
        "--sessions",
        type=number_list,
        default=None,
        metavar="N[,N…]",
        help="sessions opened at once (default 20); a list (20,50) runs a round of each",
    )
    load.add_argument(
        "--pages",
        default=None,
        metavar="LIST",
        help="the pages each session walks, comma-separated "
        "(default /,/progress,/programs,/helpers,/map)",
    )
    load.add_argument("--port", type=int, default=None, help="the server's port (default: free)")
    load.add_argument(
        "--no-auth",
        action="store_true",
        help="serve the demo without sign-in (default: every session signs in as --account)",
    )
    load.add_argument(
        "--account", default=None, help="the demo account the sessions sign in as (demo-leader)"
    )
    load.add_argument(
        "--memory-sessions",
        type=int,
        default=None,
        help="first a round of this many sessions on its own server, for its peak memory "
        "(default 5; 0: none)",
    )
    load.add_argument(
        "--warm-up",
        action="store_true",
        help="one session walks the pages on each process before the others start (their "
        "caches warm); the same as --caches warm",
    )
    load.add_argument(
        "--caches",
        type=caches_list,
        default=None,
        metavar="cold[,warm]",
        help="cold, warm, or cold,warm for a round of each (default cold, warm with --warm-up)",
    )
    load.add_argument(
        "--think",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="a tab's mean pause between two pages, a person reading (default 0: it asks for "
        "the next page at once); drawn per page between half and one and a half of it",
    )
    load.add_argument(
        "--timeout", type=float, default=None, help="seconds a page may take (default 300)"
    )
    load.add_argument(
        "--processes",
        type=number_list,
        default=(1,),
        metavar="N[,N…]",
        help="server processes behind HAProxy (default 1); a list (1,2) runs a round of each",
    )
    load.add_argument(
        "--fault",
        action="append",
        choices=["kill", "rolling"],
        default=None,
        help="after the round, a walk during which one process is SIGKILLed (kill) or all are "
        "restarted in turn through HAProxy (rolling); may be given twice",
    )
    bench.set_defaults(handler=command_bench)


def command_bench(arguments: argparse.Namespace, _extra: list[str]) -> int:
    from dashboard.bench.overview import bench_overview, print_overview_bench
    from dashboard.bench.pages import (
        bench_pages,
        prepare_derived,
        print_page_timing,
        print_pages_header,
        print_profile,
    )

    data_dir = (arguments.data or default_data_dir()).resolve()
    get_snapshot(data_dir)  # a clear error before any timing when there is nothing to run on
    if arguments.what == "overview":
        print_overview_bench(bench_overview(data_dir, arguments.runs or 3))
        return 0
    if arguments.what == "load":
        return command_bench_load(arguments, data_dir)
    runs = arguments.runs or 5
    pages = chosen_pages(arguments.page)
    profile = cProfile.Profile() if arguments.profile else None
    print(f"derived tables ready in {prepare_derived(data_dir):.1f} s (built once, then reused)")
    print_pages_header(data_dir, runs)
    for timing in bench_pages(data_dir, runs, pages=pages, profile=profile):
        print_page_timing(timing)
    if profile is not None:
        print_profile(profile, arguments.profile)
    return 0


def command_bench_load(arguments: argparse.Namespace, data_dir: Path) -> int:
    """`tuopin bench load`: exit code 1 when any page or session had an error."""
    from dashboard.bench import load
    from dashboard.bench.load_report import print_load_bench
    from dashboard.bench.tabs import PAGE_TIMEOUT_SECONDS

    pages = (
        tuple(path.strip() for path in arguments.pages.split(",") if path.strip())
        if arguments.pages
        else load.DEFAULT_PAGES
    )
    result = load.bench_load(
        data_dir,
        arguments.sessions or (load.DEFAULT_SESSIONS,),
        pages,
        port=arguments.port,
        no_auth=arguments.no_auth,
        account=arguments.account or load.DEFAULT_ACCOUNT,
        timeout=arguments.timeout or PAGE_TIMEOUT_SECONDS,
        memory_sessions=(
            load.MEMORY_SESSIONS if arguments.memory_sessions is None else arguments.memory_sessions
        ),
        warm_up=arguments.warm_up,
        processes=arguments.processes,
        faults=tuple(arguments.fault or ()),
        caches=arguments.caches,
        think=arguments.think,
    )
    print_load_bench(result)
    return 1 if result.failed else 0


def chosen_pages(paths: list[str] | None) -> dict[str, str | None] | None:
    """The pages `--page` names (every page the bench may open when none is named)."""
    if not paths:
        return None
    from dashboard.bench.pages import demo_pages

    pages = demo_pages()
    unknown = [path for path in paths if path not in pages]
    if unknown:
        raise SystemExit(
            f"没有这个页面 / no such page: {', '.join(unknown)} (pages: {', '.join(pages)})"
        )
    return {path: pages[path] for path in paths}


def number_list(text: str) -> tuple[int, ...]:
    """`20` or `20,50`: whole numbers above 0, for options that run a round of each."""
    try:
        values = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        values = ()
    if not values or any(value < 1 for value in values):
        raise argparse.ArgumentTypeError(
            f"应为一个或多个正整数，以逗号分隔（例如 20,50），不是“{text}” / "
            f"one or more whole numbers above 0, comma-separated (e.g. 20,50), not {text!r}"
        )
    return values


def caches_list(text: str) -> tuple[str, ...]:
    """`cold`, `warm` or `cold,warm`."""
    values = tuple(part.strip() for part in text.split(",") if part.strip())
    if not values or any(value not in ("cold", "warm") for value in values):
        raise argparse.ArgumentTypeError(
            f"应为 cold、warm 或 cold,warm，不是“{text}” / cold, warm or cold,warm, not {text!r}"
        )
    return values
