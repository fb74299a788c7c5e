"""The demo's sample accounts: one per role, made on the first `tuopin serve` of the demo.

Only for a data directory whose every snapshot is the synthetic demo (the town, the county or
the province: `tuopin demo --scale …`), never for imported data. Each password is random
(about 60 bits from `secrets`), made once, hashed like any other (argon2id) and kept in plain
text only in `<instance>/demo-accounts.json` (0600, beside the accounts database in the 0700
instance folder), so that `tuopin serve` can print them on every start. Why random and kept,
not fixed in the source: a demo left running on an intranet is then not open to whoever has
read the README, and the person who started it always finds the accounts in the terminal.

A demo account is worth nothing outside the demo: `web.establish` and the sign-in route refuse
it as soon as the data directory holds anything but demo snapshots (real data imported into
the demo's folder does not become readable with a password printed on a terminal).
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from dashboard.access import accounts
from dashboard.access.roles import ADMIN, ANALYST, HELPER, LEADER, VIEWER
from dashboard.access.store import Store, instance_dir, open_store
from dashboard.data import Viewer, open_database
from dashboard.errors import TuopinError
from dashboard.snapshots import list_snapshots

DEMO_ACCOUNTS_FILE = "demo-accounts.json"
DEMO_ACTOR = "demo-setup"  # who the audit log names as having made them
# Letters and digits that cannot be misread for one another (no 0/o, 1/l/i).
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
PASSWORD_GROUPS, PASSWORD_GROUP_LENGTH = 3, 4  # e.g. "k7mq-x2re-9hpw": 12 letters, ~59 bits


class NotTheDemo(TuopinError):
    """Demo accounts, or serving without sign-in, asked for on data that is not the demo."""


@dataclass(frozen=True)
class DemoAccount:
    name: str
    password: str
    roles: tuple[str, ...]
    area: str
    helper_id: str | None
    label_zh: str
    label_en: str


def is_demo_directory(data_dir: Path) -> bool:
    """Whether the data directory holds snapshots and every one of them is the synthetic demo."""
    snapshots = list_snapshots(Path(data_dir))
    return bool(snapshots) and all(info.is_demo for info in snapshots)


def holds_no_register(data_dir: Path) -> bool:
    """Every snapshot (if any) the synthetic demo or without a single row: nobody's data.

    Where the in-process identity may be used (a test's empty imported snapshot, or a folder
    with no snapshot yet, is such a directory); `is_demo_directory` is the stricter test of
    `--no-auth` and of the demo accounts.
    """
    return all(
        info.is_demo or not any(info.row_counts.values()) for info in list_snapshots(data_dir)
    )


def require_demo(data_dir: Path, what_zh: str, what_en: str) -> None:
    """Raise NotTheDemo (zh + en) unless `data_dir` is the demo."""
    if not is_demo_directory(data_dir):
        raise NotTheDemo(
            f"{what_zh}只用于演示数据，而 {data_dir} 不是演示数据目录（没有快照，或有导入的"
            "数据）。真实数据必须登录后查看：用 `tuopin users add` 建账号。",
            f"{what_en} is for the demo only, and {data_dir} is not a demo data directory (it "
            "has no snapshot, or holds imported data). Real data is only served with sign-in: "
            "make accounts with `tuopin users add`.",
        )


def new_password() -> str:
    groups = (
        "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_GROUP_LENGTH))
        for _ in range(PASSWORD_GROUPS)
    )
    return "-".join(groups)


def _links(data_dir: Path) -> tuple[str | None, str | None]:
    """(helper_id, village_code) the helper and village leader accounts are linked to."""

    database = open_database(data_dir, materialise=False)
    try:
        row = database.run("access_demo_accounts", viewer=Viewer(area="")).iloc[0]
    finally:
        database.close()
    helper_id, village = row["helper_id"], row["village_code"]
    return (helper_id if isinstance(helper_id, str) else None), (
        village if isinstance(village, str) else None
    )


def account_plan(data_dir: Path) -> list[dict]:
    """The accounts the demo gets: every role, a village-level leader, and an admin."""
    helper_id, village = _links(data_dir)
    plan = [
        dict(name="demo-leader", roles=(LEADER,), area="", label=("领导（全部）", "leader, all")),
        dict(name="demo-analyst", roles=(ANALYST,), area="", label=("扶贫专干", "analyst, all")),
        dict(name="demo-viewer", roles=(VIEWER,), area="", label=("访客", "viewer, all")),
        dict(name="demo-admin", roles=(ADMIN,), area="", label=("管理员", "admin")),
    ]
    if village:
        plan.insert(
            1,
            dict(
                name="demo-village",
                roles=(LEADER,),
                area=village,
                label=(f"领导（村 {village}）", f"leader, village {village}"),
            ),
        )
    if helper_id:
        plan.insert(
            -2,
            dict(
                name="demo-helper",
                roles=(HELPER,),
                area="",
                helper_id=helper_id,
                label=(f"帮扶干部（{helper_id}）", f"helper {helper_id}"),
            ),
        )
    return plan


def accounts_file(data_dir: Path) -> Path:
    return instance_dir(Path(data_dir)) / DEMO_ACCOUNTS_FILE


def read_demo_accounts(data_dir: Path) -> list[DemoAccount]:
    """The demo accounts recorded for this data directory (empty when there are none)."""
    path = accounts_file(data_dir)
    if not path.is_file():
        return []
    entries = json.loads(path.read_text(encoding="utf-8"))
    return [
        DemoAccount(**{**entry, "roles": tuple(entry["roles"])}) for entry in entries["accounts"]
    ]


def demo_account_names(data_dir: Path) -> frozenset[str]:
    return frozenset(accounts.name_key(account.name) for account in read_demo_accounts(data_dir))


def is_demo_account_out_of_place(data_dir: Path, name: str) -> bool:
    """A demo account used where the data is no longer only the demo: refused."""
    return accounts.name_key(name) in demo_account_names(data_dir) and not is_demo_directory(
        data_dir
    )


def _write(path: Path, recorded: list[DemoAccount]) -> None:
    """Write the file 0600 from the start (never readable by others, even for a moment)."""
    staging = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(staging, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(
            {"accounts": [asdict(account) for account in recorded]},
            handle,
            ensure_ascii=False,
            indent=2,
        )
    os.chmod(staging, 0o600)
    os.replace(staging, path)


def ensure_demo_accounts(data_dir: Path, store: Store | None = None) -> list[DemoAccount]:
    """The demo's accounts, each made (random password) the first time it is missing.

    An account already in the store is kept as it is (its password too, even if someone reset
    it: the file then shows the first one). NotTheDemo for any other data directory.
    """
    data_dir = Path(data_dir).resolve()
    require_demo(data_dir, "演示账号", "Demo accounts")
    store = store or open_store(data_dir)
    recorded = {account.name: account for account in read_demo_accounts(data_dir)}
    changed = False
    for entry in account_plan(data_dir):
        if accounts.find_user(store, entry["name"]) is not None:
            continue  # made before (or by hand under a demo name: not ours to print then)
        password = new_password()
        try:
            accounts.add_user(
                store,
                entry["name"],
                password,
                roles=entry["roles"],
                area=entry["area"],
                helper_id=entry.get("helper_id"),
                actor=DEMO_ACTOR,
            )
        except accounts.AccountError:
            continue  # another server on a shared store made it a moment ago
        label_zh, label_en = entry["label"]
        recorded[entry["name"]] = DemoAccount(
            entry["name"],
            password,
            tuple(entry["roles"]),
            entry["area"],
            entry.get("helper_id"),
            label_zh,
            label_en,
        )
        changed = True
    if changed:
        _write(accounts_file(data_dir), list(recorded.values()))
    return list(recorded.values())


def describe(demo_accounts: list[DemoAccount]) -> str:
    """The lines `tuopin serve` prints: one account a line, name, password and what it is."""
    width = max((len(account.name) for account in demo_accounts), default=0)
    lines = ["演示账号 / demo accounts (演示数据专用 / demo data only):"]
    for account in demo_accounts:
        lines.append(
            f"  {account.name:<{width}}  {account.password}  "
            f"{account.label_zh} / {account.label_en}"
        )
    return "\n".join(lines)
