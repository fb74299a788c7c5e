"""`tuopin deck / narrative / …` run in process, as the command line parses them."""

from __future__ import annotations

import argparse
from pathlib import Path

from dashboard import evaluation_cli
from dashboard.errors import TuopinError


def run_evaluation(argv: list[str], *, refusal_exit_code: bool = True) -> int:
    """Run the evaluation command `argv` (with the main parser's `--data`) and return its exit
    code: 2 for a refusal (TuopinError), as `tuopin` exits, unless `refusal_exit_code` is False,
    when the error is raised for the test to read."""
    parser = argparse.ArgumentParser(prog="tuopin")
    commands = parser.add_subparsers(dest="command", required=True)
    evaluation_cli.register(
        commands, lambda command: command.add_argument("--data", type=Path, default=None)
    )
    arguments = parser.parse_args(argv)
    try:
        return arguments.handler(arguments, [])
    except TuopinError:
        if not refusal_exit_code:
            raise
        return 2
