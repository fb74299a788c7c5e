"""`tuopin definitions`: print every shared rule, or write docs/definitions.md from them."""

from __future__ import annotations

import argparse

from dashboard import definitions


def register(commands: argparse._SubParsersAction, data_option) -> None:
    """Add `tuopin definitions [--write]` to the command line."""
    command = commands.add_parser(
        "definitions",
        help="the shared rules (queries/definitions/, queries/staging/) as Markdown; --write updates docs/",
    )
    command.add_argument(
        "--write", action="store_true", help="write docs/definitions.md instead of printing"
    )
    command.set_defaults(handler=run)


def run(arguments: argparse.Namespace, _extra: list[str]) -> int:
    """Print the definitions' document, or write it where the project keeps it."""
    if arguments.write:
        path = definitions.write_document()
        print(f"已写入 Written: {path} ({len(definitions.definitions())} definitions)")
    else:
        print(definitions.markdown(), end="")
    return 0
