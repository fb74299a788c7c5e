"""`tuopin users …` and `tuopin audit …`: accounts and the audit log of a data directory.

Passwords are read from standard input (one line) or, at a terminal, from a prompt that does
not echo: never from an argument, which other users of the machine can see in the process
list. Every change is audited as `cli:<operating-system user>`.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable

from dashboard.access import accounts, audit
from dashboard.access.context import current_actor
from dashboard.access.roles import ROLES
from dashboard.access.store import open_store
from dashboard.errors import TuopinError
from dashboard.snapshots import default_data_dir


def register(
    subparsers: argparse._SubParsersAction,
    data_option: Callable[[argparse.ArgumentParser], None],
) -> None:
    users = subparsers.add_parser("users", help="accounts: add, list, disable, roles, areas")
    actions = users.add_subparsers(dest="action", required=True)

    add = actions.add_parser("add", help="add an account (password from stdin or a prompt)")
    add.add_argument("name")
    add.add_argument(
        "--role",
        action="append",
        required=True,
        choices=ROLES,
        help="leader, analyst, helper, viewer; admin (may be given with one data role)",
    )
    add.add_argument("--area", default="", help="code prefix of the area ('' = everything)")
    add.add_argument("--helper-id", help="for a helper account: the helper_id it answers for")
    data_option(add)
    add.set_defaults(handler=command_users_add)

    listing = actions.add_parser("list", help="list the accounts")
    listing.add_argument("--json", action="store_true")
    data_option(listing)
    listing.set_defaults(handler=command_users_list)

    for action, help_text in (
        ("disable", "disable an account (its sessions end)"),
        ("enable", "enable an account again"),
        ("reset-password", "set a new password (from stdin or a prompt); its sessions end"),
        ("end-sessions", "end every session of an account"),
    ):
        command = actions.add_parser(action, help=help_text)
        command.add_argument("name")
        data_option(command)
        command.set_defaults(handler=command_users_change)

    set_role = actions.add_parser("set-role", help="replace an account's roles")
    set_role.add_argument("name")
    set_role.add_argument("--role", action="append", required=True, choices=ROLES)
    data_option(set_role)
    set_role.set_defaults(handler=command_users_change)

    set_area = actions.add_parser("set-area", help="change an account's area")
    set_area.add_argument("name")
    set_area.add_argument("area")
    data_option(set_area)
    set_area.set_defaults(handler=command_users_change)

    log = subparsers.add_parser("audit", help="the audit log: verify, list, archive")
    log_actions = log.add_subparsers(dest="action", required=True)
    verify = log_actions.add_parser("verify", help="check the hash chain; exit 1 if broken")
    data_option(verify)
    verify.set_defaults(handler=command_audit_verify)
    show = log_actions.add_parser("list", help="list entries, oldest first")
    show.add_argument("--since", help="from this date or time (ISO, UTC)")
    show.add_argument("--user", help="only this actor")
    show.add_argument("--json", action="store_true")
    data_option(show)
    show.set_defaults(handler=command_audit_list)
    archive = log_actions.add_parser(
        "archive", help="move entries older than the keep period (180 days) to an archive file"
    )
    data_option(archive)
    archive.set_defaults(handler=command_audit_archive)


def _store(arguments: argparse.Namespace):
    return open_store((arguments.data or default_data_dir()).resolve())


def read_password(prompt: str = "密码 Password: ") -> str:
    """One password: from a non-echoing prompt at a terminal, else the first line of stdin."""
    if sys.stdin.isatty():
        first = getpass.getpass(prompt)
        again = getpass.getpass("再输一次 Again: ")
        if first != again:
            raise TuopinError("两次输入的密码不一样。", "The two passwords differ.")
        return first
    line = sys.stdin.readline()
    return line[:-1] if line.endswith("\n") else line


def command_users_add(arguments: argparse.Namespace, _extra: list[str]) -> int:
    store = _store(arguments)
    user = accounts.add_user(
        store,
        arguments.name,
        read_password(),
        roles=tuple(arguments.role),
        area=arguments.area,
        helper_id=arguments.helper_id,
        actor=current_actor(),
    )
    print(f"已添加 / added: {user.name} ({', '.join(user.roles)}, area {user.area or '*'})")
    return 0


def command_users_list(arguments: argparse.Namespace, _extra: list[str]) -> int:
    users = accounts.list_users(_store(arguments))
    if arguments.json:
        rows = [
            {
                "name": user.name,
                "roles": list(user.roles),
                "area": user.area,
                "helper_id": user.helper_id,
                "disabled": user.disabled,
            }
            for user in users
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for user in users:
        state = "disabled" if user.disabled else "active"
        helper = f" helper {user.helper_id}" if user.helper_id else ""
        print(
            f"{user.name:<20} {','.join(user.roles):<16} area {user.area or '*':<14} {state}{helper}"
        )
    return 0


def command_users_change(arguments: argparse.Namespace, _extra: list[str]) -> int:
    store = _store(arguments)
    actor = current_actor()
    name = arguments.name
    if arguments.action == "disable":
        accounts.set_disabled(store, name, True, actor=actor)
    elif arguments.action == "enable":
        accounts.set_disabled(store, name, False, actor=actor)
    elif arguments.action == "reset-password":
        accounts.reset_password(store, name, read_password(), actor=actor)
    elif arguments.action == "end-sessions":
        ended = accounts.end_user_sessions(store, name, actor=actor)
        print(f"已结束 / ended {ended} sessions")
    elif arguments.action == "set-role":
        accounts.set_roles(store, name, tuple(arguments.role), actor=actor)
    elif arguments.action == "set-area":
        accounts.set_area(store, name, arguments.area, actor=actor)
    print(f"完成 / done: {arguments.action} {name}")
    return 0


def command_audit_verify(arguments: argparse.Namespace, _extra: list[str]) -> int:
    store = _store(arguments)
    result = audit.verify(store)
    problems = [*result.problems, *audit.verify_archives(store)]
    if not problems:
        print(f"完整 / intact: {result.entries} live entries, chain and head agree")
        return 0
    for problem in problems:
        print(f"✗ {problem}")
    return 1


def command_audit_list(arguments: argparse.Namespace, _extra: list[str]) -> int:
    found = audit.entries(_store(arguments), since=arguments.since, actor=arguments.user)
    if arguments.json:
        print(json.dumps([entry.as_dict() for entry in found], ensure_ascii=False, indent=2))
        return 0
    for entry in found:
        detail = json.dumps(entry.detail, ensure_ascii=False)
        print(f"{entry.seq:>6}  {entry.at}  {entry.actor:<16} {entry.event:<20} {detail}")
    return 0


def command_audit_archive(arguments: argparse.Namespace, _extra: list[str]) -> int:
    store = _store(arguments)
    path = audit.archive(store)
    if path is None:
        print("没有超过保存期的记录 / nothing older than the keep period")
        return 0
    audit.record(store, current_actor(), "audit.archived", file=path.name)
    print(f"已归档 / archived to {path}")
    return 0
