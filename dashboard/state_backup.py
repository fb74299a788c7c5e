"""`tuopin state backup --out FILE` and `tuopin state restore FILE`: the state store, whole.

Accounts, sessions, the audit log and the rectification ledger live in one state store
(`dashboard.state_store`). A backup is taken while servers run and restored with its audit
chain verified:

- SQLite: SQLite's online backup API copies the database page by page into a new SQLite
  file, inside one write transaction, so no save falls between the copy and the audit chain's
  head (which a SQLite store keeps beside the database, in `audit.head.json`: the backup keeps
  it in a table of its own, `tuopin_backup`). A ledger save under way when the backup starts
  is either wholly in it or wholly not: the backup waits for it (up to the store's busy
  timeout) and saves after it wait for the backup.
- PostgreSQL: the documented way, `pg_dump --format=custom` of the store's schema (one
  consistent snapshot of a running database; the chain's head is a row in it) and
  `pg_restore --clean --if-exists --single-transaction`.

A restore is written aside and moved into place only once whole (SQLite), or runs in one
transaction (PostgreSQL); then the audit chain is verified and what the store holds is said:
accounts, sessions, ledger problems, audit entries and their dates.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from dashboard.access import audit
from dashboard.access.store import open_store
from dashboard.errors import TuopinError
from dashboard.state_store import (
    BUSY_TIMEOUT_SECONDS,
    STATE_FILE,
    PostgresDatabase,
    SqliteDatabase,
    StateDatabase,
    open_state,
)

BACKUP_TABLE = "tuopin_backup"  # in a SQLite backup: what it is, when, and the chain's head
HEAD_FILE = "audit.head.json"  # beside a SQLite store (dashboard.access.store.Store.head_path)
BACKUP_PAGES_PER_STEP = 256  # the online backup copies this many pages between yields
SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(TuopinError):
    """A backup could not be made or restored."""


@dataclass(frozen=True)
class Contents:
    """What a state store holds, as `tuopin state backup|restore` says it."""

    accounts: int
    sessions: int
    live_sessions: int
    problems: int
    problem_events: int
    audit_entries: int
    first_audit: str | None
    last_audit: str | None
    chain_ok: bool | None = None  # None: not verified
    chain_problems: tuple[str, ...] = ()

    def describe(self) -> str:
        dates = f"{self.first_audit[:10]} – {self.last_audit[:10]}" if self.first_audit else "—"
        lines = [
            f"  账号 / accounts: {self.accounts}",
            f"  会话 / sessions: {self.sessions} ({self.live_sessions} not ended)",
            f"  整改台账问题 / ledger problems: {self.problems} "
            f"({self.problem_events} changes recorded)",
            f"  审计日志 / audit entries: {self.audit_entries} ({dates})",
        ]
        if self.chain_ok is not None:
            lines.append(
                "  审计链完整 / audit chain verified: whole"
                if self.chain_ok
                else "  审计链不完整 / audit chain BROKEN: " + "; ".join(self.chain_problems)
            )
        return "\n".join(lines)


def _count(connection, table: str, where: str = "") -> int:
    # Table names are ours (the fixed list below); nothing is pasted in from outside.
    try:
        return int(connection.execute(f"select count(*) from {table} {where}").fetchone()[0])
    except Exception:  # a store that never had this table (no ledger yet)
        return 0


def contents_of(connection) -> Contents:
    """Count what a store's connection holds (SQLite, or PostgreSQL reading in autocommit)."""
    first = last = None
    try:
        row = connection.execute("select min(at), max(at) from audit").fetchone()
        first, last = row[0], row[1]
    except Exception:  # no audit table: nothing was ever recorded
        pass
    return Contents(
        accounts=_count(connection, "users"),
        sessions=_count(connection, "sessions"),
        live_sessions=_count(connection, "sessions", "where ended_at is null"),
        problems=_count(connection, "problems"),
        problem_events=_count(connection, "problem_events"),
        audit_entries=_count(connection, "audit"),
        first_audit=str(first) if first else None,
        last_audit=str(last) if last else None,
    )


# ------------------------------------------------------------------------------ backup
def backup(instance: Path, out: Path) -> Contents:
    """Back the instance's state store up into `out` (a new file); what it holds."""
    database = open_state(instance)
    if not database.exists():
        raise BackupError(
            f"{database.describe()} 还没有状态数据，无需备份。",
            f"{database.describe()} holds no state yet: nothing to back up.",
        )
    out = Path(out)
    if out.exists():
        raise BackupError(
            f"{out} 已存在：备份不覆盖已有文件，请换一个文件名。",
            f"{out} exists: a backup never overwrites a file; name another.",
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        if isinstance(database, SqliteDatabase):
            contents = _backup_sqlite(database, Path(instance), partial)
        else:
            contents = _backup_postgres(database, partial)
        os.replace(partial, out)  # only a whole backup gets the name asked for
    finally:
        partial.unlink(missing_ok=True)
    return contents


def _backup_sqlite(database: SqliteDatabase, instance: Path, partial: Path) -> Contents:
    descriptor = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(descriptor)
    writer = sqlite3.connect(database.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    source = sqlite3.connect(database.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    target = sqlite3.connect(partial, isolation_level=None)
    try:
        # The write lock, held by a connection of its own: a save in flight finishes first,
        # later ones wait; readers (the pages, and this copy) go on. The head file, written
        # inside each audit append's transaction, matches the copy.
        writer.execute("begin immediate")
        head_path = instance / HEAD_FILE
        head = head_path.read_text(encoding="utf-8") if head_path.is_file() else None
        source.backup(target, pages=BACKUP_PAGES_PER_STEP)
        writer.execute("commit")
        target.execute(f"create table {BACKUP_TABLE} (backup_key text primary key, value text)")
        target.executemany(
            f"insert into {BACKUP_TABLE} values (?, ?)",
            [
                ("kind", "tuopin state (sqlite)"),
                ("made_at", dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
                ("source", str(database.path)),
                ("audit_head", head),
            ],
        )
        target.row_factory = sqlite3.Row
        return contents_of(target)
    finally:
        if writer.in_transaction:
            writer.execute("rollback")
        writer.close()
        source.close()
        target.close()


def _pg_schema(url: str) -> str:
    """The schema a state URL's search path names (`options=-csearch_path=…`), else public."""
    for option in parse_qs(urlsplit(url).query).get("options", []):
        for part in unquote(option).split():
            if part.startswith("-csearch_path="):
                return part.split("=", 1)[1].split(",")[0].strip()
    return "public"


def _pg_tool(name: str) -> str:
    found = shutil.which(name) or next(
        (str(p) for p in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))), None
    )
    if found is None:
        raise BackupError(
            f"找不到 {name}：PostgreSQL 的备份需要它（apt-get install postgresql-client）。",
            f"{name} not found: backing up PostgreSQL needs it (apt-get install "
            "postgresql-client).",
        )
    return found


def _backup_postgres(database: PostgresDatabase, partial: Path) -> Contents:
    command = [
        _pg_tool("pg_dump"),
        "--format=custom",
        f"--schema={_pg_schema(database.url)}",
        "--no-owner",
        f"--file={partial}",
        f"--dbname={database.url}",
    ]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(
            f"pg_dump 失败（{database.describe()}）：{done.stderr.strip()[:500]}",
            f"pg_dump failed ({database.describe()}): {done.stderr.strip()[:500]}",
        )
    os.chmod(partial, 0o600)
    return describe_store(database)


def describe_store(database: StateDatabase) -> Contents:
    """What a live store holds (for PostgreSQL, counted in the store itself)."""
    with database.reading() as connection:
        return contents_of(connection)


# ------------------------------------------------------------------------------ restore
def restore(instance: Path, file: Path, *, force: bool = False) -> Contents:
    """Restore a backup into the instance's state store, verify its audit chain; what it holds.

    Refused when the store already holds state, unless `force` (the state there is replaced).
    """

    file = Path(file)
    if not file.is_file():
        raise BackupError(f"没有备份文件 {file}。", f"No backup file {file}.")
    with file.open("rb") as handle:
        magic = handle.read(16)
    instance = Path(instance)
    database = open_state(instance)
    if database.exists() and not force:
        raise BackupError(
            f"{database.describe()} 已有状态数据；恢复会替换它。确认请加 --force。",
            f"{database.describe()} already holds state; restoring replaces it. Add --force "
            "to do so.",
        )
    if isinstance(database, SqliteDatabase):
        if not magic.startswith(SQLITE_MAGIC):
            raise BackupError(
                f"{file} 不是 SQLite 状态备份（状态存放在 SQLite 文件 {database.path}）。",
                f"{file} is not a SQLite state backup (this instance keeps its state in the "
                f"SQLite file {database.path}).",
            )
        _restore_sqlite(database, instance, file)
    else:
        if not magic.startswith(PGDUMP_MAGIC):
            raise BackupError(
                f"{file} 不是 pg_dump 的备份（状态存放在 PostgreSQL {database.describe()}）。",
                f"{file} is not a pg_dump backup (this instance keeps its state in PostgreSQL "
                f"{database.describe()}).",
            )
        _restore_postgres(database, file)
    database.close()
    database._ensured.clear()  # the schema is the restored one: check it again on next use
    store = open_store(folder=instance)
    verification = audit.verify(store)
    contents = describe_store(store.database)
    return Contents(
        **{
            **contents.__dict__,
            "chain_ok": verification.ok,
            "chain_problems": verification.problems,
        }
    )


def _restore_sqlite(database: SqliteDatabase, instance: Path, file: Path) -> None:
    source = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    try:
        try:
            rows = dict(source.execute(f"select backup_key, value from {BACKUP_TABLE}"))
        except sqlite3.DatabaseError:
            raise BackupError(
                f"{file} 不是 tuopin state backup 写的备份（缺少 {BACKUP_TABLE} 表）。",
                f"{file} was not written by tuopin state backup (no {BACKUP_TABLE} table).",
            ) from None
        instance.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial = instance / f".{STATE_FILE}.{uuid.uuid4().hex[:8]}.restoring"
        descriptor = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(descriptor)
        target = sqlite3.connect(partial, isolation_level=None)
        try:
            source.backup(target)
            target.execute(f"drop table {BACKUP_TABLE}")
            target.close()
            head = rows.get("audit_head")
            head_path = instance / HEAD_FILE
            if head:
                json.loads(head)  # a head that is not JSON is a damaged backup
                temporary = instance / f".{HEAD_FILE}.restoring"
                temporary.write_text(head, encoding="utf-8")
                os.chmod(temporary, 0o600)
                os.replace(partial, database.path)
                os.replace(temporary, head_path)
            else:
                os.replace(partial, database.path)
                head_path.unlink(missing_ok=True)
        finally:
            target.close()
            partial.unlink(missing_ok=True)
    finally:
        source.close()


def _restore_postgres(database: PostgresDatabase, file: Path) -> None:
    command = [
        _pg_tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={database.url}",
        str(file),
    ]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(
            f"pg_restore 失败（{database.describe()}）：{done.stderr.strip()[:500]}",
            f"pg_restore failed ({database.describe()}): {done.stderr.strip()[:500]}",
        )
