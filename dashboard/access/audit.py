"""The audit log: append-only, each entry chained to the one before by SHA-256.

An entry's hash covers its sequence number, time, actor, event and detail and the previous
entry's hash, so a changed entry breaks its own hash and a removed one breaks the chain.
Removing the newest entries leaves a shorter chain that is still whole: the chain's head (last
sequence number, its hash, and the count) is also kept apart from the log, in
`audit.head.json` beside it (SQLite), or in the `audit_head` row of a PostgreSQL store that
several servers share, whose row lock also makes their appends follow each other; verification
compares the two. Entries older than the keep
period (180 days at least) are moved, oldest first, into archive files (JSON lines) that
carry the hash they end on; the live log remembers where the archive ends, so verification
of the live log starts from it and `verify_archives` checks the files.

What is recorded never holds a password or a session token, and no personal value: a
household is named by its ID, a list by its query and row count, a SQL statement by its text
(which an analyst typed: it may hold a name they searched for; only analysts may run SQL).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dashboard.access import settings
from dashboard.access.store import Store, open_store
from dashboard.viewer import current_actor

GENESIS_HASH = "0" * 64

# Events, by name; `record` refuses others so a typo does not make an event nobody looks for.
EVENTS = frozenset(
    {
        "sign_in.success",
        "sign_in.failure",
        "sign_out",
        "session.expired",
        "access.refused",
        "household.opened",
        "list.shown",
        "download",
        "export",
        "deck.made",
        "narrative.made",
        "sql.run",
        "sql.refused",
        "import",
        "user.added",
        "user.changed",
        "user.sessions_ended",
        "audit.archived",
        "ledger.changed",
        "ledger.synced",
        "ledger.clues_added",
        "ledger.imported",
        "notice.made",
        "monitoring_line.set",
    }
)


@dataclass(frozen=True)
class Entry:
    seq: int
    at: str
    actor: str
    event: str
    detail: dict
    previous_hash: str
    entry_hash: str

    def as_dict(self) -> dict:
        return {
            "seq": self.seq,
            "at": self.at,
            "actor": self.actor,
            "event": self.event,
            "detail": self.detail,
            "previous_hash": self.previous_hash,
            "entry_hash": self.entry_hash,
        }


def entry_hash(seq: int, at: str, actor: str, event: str, detail_json: str, previous: str) -> str:
    """The SHA-256 of one entry's fields and the previous hash, in a fixed serialisation."""
    body = json.dumps(
        [seq, at, actor, event, detail_json, previous], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _now_text(now: float) -> str:
    return dt.datetime.fromtimestamp(now, dt.UTC).isoformat(timespec="microseconds")


def _meta(connection, key: str, default: str) -> str:
    row = connection.execute(
        "select meta_value from audit_meta where meta_key = ?", (key,)
    ).fetchone()
    return row[0] if row else default


def _set_meta(connection, key: str, value: str) -> None:
    connection.execute(
        "insert into audit_meta (meta_key, meta_value) values (?, ?) "
        "on conflict (meta_key) do update set meta_value = excluded.meta_value",
        (key, value),
    )


def _lock_head(store: Store, connection) -> None:
    """Hold the chain's head until this append commits (a shared store only).

    In PostgreSQL the row lock on the `audit_head` row makes two servers' appends follow each
    other, so each links to the entry the other just wrote; a SQLite store has one writer at a
    time already (`begin immediate`).
    """
    if store.database.shared:
        connection.execute(
            "select seq from audit_head where chain = 'audit'" + store.database.for_update
        ).fetchone()


def _write_head(store: Store, connection, seq: int, head_hash: str, count: int) -> None:
    """Move the head: the head row (shared store), or the head file, written atomically (a
    new file renamed over the old one), owner-only."""
    if store.database.shared:
        connection.execute(
            "update audit_head set seq = ?, head_hash = ?, entry_count = ? where chain = 'audit'",
            (seq, head_hash, count),
        )
        return
    temporary = store.head_path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump({"seq": seq, "hash": head_hash, "count": count}, handle)
    os.replace(temporary, store.head_path)


def read_head(store: Store, connection=None) -> dict | None:
    """The chain's head as {"seq", "hash", "count"}; None when it is missing."""
    if store.database.shared:
        if connection is None:
            with store.reading() as reading:
                return read_head(store, reading)
        row = connection.execute(
            "select seq, head_hash, entry_count from audit_head where chain = 'audit'"
        ).fetchone()
        return {"seq": row[0], "hash": row[1], "count": row[2]} if row else None
    if not store.head_path.is_file():
        return None
    return json.loads(store.head_path.read_text(encoding="utf-8"))


def record(
    store: Store,
    actor: str,
    event: str,
    *,
    clock: Callable[[], float] = time.time,
    **detail: object,
) -> int:
    """Append one entry; returns its sequence number. `detail` must be JSON (no personal data)."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}; events: {', '.join(sorted(EVENTS))}")
    detail_json = json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)
    with store.transaction() as connection:
        _lock_head(store, connection)
        last = connection.execute(
            "select seq, entry_hash from audit order by seq desc limit 1"
        ).fetchone()
        if last is None:  # an empty live log: after the genesis, or after an archive
            seq = int(_meta(connection, "archived_through_seq", "0")) + 1
            previous = _meta(connection, "archived_through_hash", GENESIS_HASH)
        else:
            seq, previous = last["seq"] + 1, last["entry_hash"]
        at = _now_text(clock())
        digest = entry_hash(seq, at, actor, event, detail_json, previous)
        connection.execute(
            "insert into audit (seq, at, actor, event, detail, previous_hash, entry_hash) "
            "values (?, ?, ?, ?, ?, ?, ?)",
            (seq, at, actor, event, detail_json, previous, digest),
        )
        count = int(_meta(connection, "count", "0")) + 1
        _set_meta(connection, "count", str(count))
        # Written inside the transaction: if the commit fails, the head is ahead and
        # verification says so, rather than an entry existing that the head never saw.
        _write_head(store, connection, seq, digest, count)
    return seq


def record_for(data_dir: Path, event: str, *, actor: str | None = None, **detail: object) -> int:
    """Record an event in a data directory's log, as the current user (or the command line).

    The one call for the pages' code: `audit.record_for(state.data_dir(), "download",
    what="households_list", rows=42)`.
    """
    return record(open_store(data_dir), actor or current_actor(), event, **detail)


def _entry(row) -> Entry:
    return Entry(
        seq=row["seq"],
        at=row["at"],
        actor=row["actor"],
        event=row["event"],
        detail=json.loads(row["detail"]),
        previous_hash=row["previous_hash"],
        entry_hash=row["entry_hash"],
    )


def entries(
    store: Store, *, since: str | None = None, actor: str | None = None, limit: int | None = None
) -> list[Entry]:
    """Live entries, oldest first; `since` an ISO date or time, `actor` a user name."""
    sql = "select * from audit where 1 = 1"
    values: list[object] = []
    if since:
        sql += " and at >= ?"
        values.append(dt.datetime.fromisoformat(since).replace(tzinfo=dt.UTC).isoformat())
    if actor:
        sql += " and actor = ?"
        values.append(actor)
    sql += " order by seq"
    with store.reading() as connection:
        rows = connection.execute(sql, values).fetchall()
    found = [_entry(row) for row in rows]
    return found[-limit:] if limit else found


@dataclass(frozen=True)
class Verification:
    ok: bool
    entries: int
    problems: tuple[str, ...]


def verify(store: Store) -> Verification:
    """Check every live entry's hash and link, and the chain's end against its head.

    Read in one write transaction, so an append by another server cannot fall between the
    log and the head and look like a removed entry.
    """
    problems: list[str] = []
    with store.transaction() as connection:
        rows = connection.execute("select * from audit order by seq").fetchall()
        previous = _meta(connection, "archived_through_hash", GENESIS_HASH)
        expected_seq = int(_meta(connection, "archived_through_seq", "0")) + 1
        stored_count = int(_meta(connection, "count", "0"))
        head = read_head(store, connection)
    for row in rows:
        entry = _entry(row)
        if entry.seq != expected_seq:
            problems.append(
                f"entry {expected_seq}: missing (the next entry is {entry.seq}) / 第 {expected_seq}"
                " 条缺失"
            )
        if row["previous_hash"] != previous:
            problems.append(
                f"entry {entry.seq}: does not follow the entry before it (a removed or changed "
                f"entry) / 第 {entry.seq} 条与前一条接不上"
            )
        digest = entry_hash(
            entry.seq, entry.at, entry.actor, entry.event, row["detail"], row["previous_hash"]
        )
        if digest != row["entry_hash"]:
            problems.append(
                f"entry {entry.seq}: changed after it was written (its hash does not match) / "
                f"第 {entry.seq} 条被改动"
            )
        previous, expected_seq = row["entry_hash"], entry.seq + 1
    last_seq = rows[-1]["seq"] if rows else expected_seq - 1
    if head is None:
        if rows or stored_count:
            where = "row audit_head" if store.database.shared else "file audit.head.json"
            problems.append(f"the chain's head ({where}) is missing / 缺少链头")
    else:
        if head["seq"] != last_seq or head["hash"] != previous:
            problems.append(
                f"the log ends at entry {last_seq} but its head says {head['seq']}: the newest "
                f"entries were removed or the head changed / 日志末尾与链头不符"
            )
        if head["count"] != stored_count:
            problems.append(
                f"the head counts {head['count']} entries, the log {stored_count} / 条数不符"
            )
    return Verification(not problems, len(rows), tuple(problems))


def archive(
    store: Store,
    *,
    clock: Callable[[], float] = time.time,
    keep_days: int | None = None,
) -> Path | None:
    """Move entries older than the keep period into an archive file; returns it, or None."""
    keep_days = settings.audit_keep_days() if keep_days is None else max(180, keep_days)
    cutoff = _now_text(clock() - keep_days * 86_400)
    store.archive_dir.mkdir(mode=0o700, exist_ok=True)
    with store.transaction() as connection:
        rows = connection.execute(
            "select * from audit where at < ? order by seq", (cutoff,)
        ).fetchall()
        if not rows:
            return None
        first, last = rows[0]["seq"], rows[-1]["seq"]
        path = store.archive_dir / f"audit-{first:09d}-{last:09d}.jsonl"
        lines = [json.dumps(_entry(row).as_dict(), ensure_ascii=False) for row in rows]
        lines.append(json.dumps({"archive_ends_at": last, "last_hash": rows[-1]["entry_hash"]}))
        descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        connection.execute("delete from audit where seq <= ?", (last,))
        _set_meta(connection, "archived_through_seq", str(last))
        _set_meta(connection, "archived_through_hash", rows[-1]["entry_hash"])
    return path


def verify_archives(store: Store) -> list[str]:
    """Problems found in the archive files, each checked entry by entry like the live log."""
    problems = []
    previous = GENESIS_HASH
    for path in (
        sorted(store.archive_dir.glob("audit-*.jsonl")) if store.archive_dir.exists() else []
    ):
        lines = path.read_text(encoding="utf-8").splitlines()
        trailer = json.loads(lines[-1])
        for line in lines[:-1]:
            item = json.loads(line)
            detail_json = json.dumps(
                item["detail"], ensure_ascii=False, sort_keys=True, default=str
            )
            digest = entry_hash(
                item["seq"], item["at"], item["actor"], item["event"], detail_json, previous
            )
            if item["previous_hash"] != previous or digest != item["entry_hash"]:
                problems.append(f"{path.name}: entry {item['seq']} does not verify")
            previous = item["entry_hash"]
        if trailer.get("last_hash") != previous:
            problems.append(f"{path.name}: its last hash does not match its entries")
    return problems
