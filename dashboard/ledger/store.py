"""The rectification ledger (整改台账): problems found, who fixes them by when, and how.

A problem comes from a logic-check finding (疑点, `queries/checks/`) or is entered by hand from an
inspection (大排查, 督查, 审计, 巡视反馈 …). It has a village and, when it concerns one, a household
and a person; a category; a description; the person responsible (a helper); a deadline (整改时限);
the measures (整改措施); a status; the result (整改结果); and its dates. Every change is kept in
`problem_events` with who made it, and each save names the version it started from: a save made
on a version someone else changed meanwhile is refused (`EditConflict`), and nothing is lost.

Statuses: `open` 待整改 → `in_progress` 整改中 → `fixed` 已整改 (awaiting verification) →
`verified` 已验收; or `cannot_fix` 无法整改 (with a reason). A finding that is gone from the next
snapshot becomes `fixed` with `fixed_in_data` set (整改已在数据中体现, awaiting verification); one
that comes back is reopened. Each sync is kept in `ledger_syncs`; the ledger follows the latest
snapshot synced, so a sync with an older one is refused.

The ledger is kept in the data directory's state store (`dashboard.state_store`): the SQLite
file of its instance folder, or the PostgreSQL database configured for it.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.errors import TuopinError
from dashboard.instance import state_database
from dashboard.state_store import Connection, SqliteDatabase, StateDatabase

# The whole ledger as a frame, per store object (one per store and process: `open_state`), with
# the mark it was read at (`Ledger.frame`). Every session's overview reads it, twice a run: a
# province's ledger is thousands of problems, and building the frame from the rows each time
# was a tenth of a second and more of Python per page and user.
_FRAMES: weakref.WeakKeyDictionary[StateDatabase, tuple[tuple, pd.DataFrame]] = (
    weakref.WeakKeyDictionary()
)

STATUSES = ("open", "in_progress", "fixed", "verified", "cannot_fix")
OPEN_STATUSES = ("open", "in_progress")  # still to be fixed: these can be overdue
DONE_STATUSES = ("fixed", "verified", "cannot_fix")
CATEGORIES = ("two_assurances", "policy", "helper_work", "data_quality", "other")
SOURCES = ("finding", "inspection", "supervision", "audit", "patrol", "warning", "other")
STATUS_LABELS = {
    "open": ("待整改", "Open"),
    "in_progress": ("整改中", "In progress"),
    "fixed": ("已整改", "Fixed"),
    "verified": ("已验收", "Verified"),
    "cannot_fix": ("无法整改", "Cannot be fixed"),
}
CATEGORY_LABELS = {
    "two_assurances": ("两不愁三保障", "Two assurances, three guarantees"),
    "policy": ("政策落实", "Policy delivery"),
    "helper_work": ("帮扶工作", "Helper work"),
    "data_quality": ("数据质量", "Data quality"),
    "other": ("其他", "Other"),
}
EDITABLE = ("category", "description", "responsible_id", "deadline", "measures", "result", "reason")
# Which rules' findings are which kind of problem; every other rule is data quality.
RULE_CATEGORIES = {
    "C01": "two_assurances",
    "C02": "two_assurances",
    "C03": "two_assurances",
    "C04": "two_assurances",
    "C05": "two_assurances",
    # The monitoring's own checks (防返贫监测): how the policy was carried out.
    "C50": "policy",
    "C51": "policy",
    "C52": "policy",
    "C53": "policy",
    "C54": "policy",
}

SCHEMA = (
    """create table if not exists problems (
        problem_id {auto_id},
        source text not null,
        rule_id text,
        household_id text,
        person_id text,
        village_code text,
        category text not null,
        description text not null,
        responsible_id text,
        deadline text,
        measures text,
        status text not null default 'open',
        result text,
        reason text,
        found_date text not null,
        fixed_date text,
        verified_date text,
        fixed_in_data integer not null default 0,
        reopened integer not null default 0,
        version integer not null default 1,
        updated_at text not null,
        updated_by text not null
    )""",
    """create unique index if not exists problems_finding
        on problems (rule_id, coalesce(household_id, ''), coalesce(person_id, ''))
        where source = 'finding'""",
    "create index if not exists problems_village on problems (village_code, status)",
    """create table if not exists ledger_syncs (
        sync_id {auto_id},
        snapshot_date text not null,
        area text not null default '',
        at text not null,
        actor text not null,
        added integer not null,
        fixed_in_data integer not null,
        reopened integer not null
    )""",
    """create table if not exists problem_events (
        event_id {auto_id},
        problem_id bigint not null references problems (problem_id),
        at text not null,
        actor text not null,
        change text not null,
        old_value text,
        new_value text
    )""",
)


class LedgerError(TuopinError):
    """A change the ledger refuses: an unknown problem, status or category, a missing reason."""


class EditConflict(LedgerError):
    """Someone else saved the problem after you opened it: your save is refused, nothing lost."""


@dataclass(frozen=True)
class SyncResult:
    """What one sync of findings into the ledger did."""

    added: int
    fixed_in_data: int
    reopened: int
    unchanged: int


def _today() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Ledger:
    """The ledger in one state store (a SQLite file's path is taken too, for tests)."""

    def __init__(self, database: StateDatabase | Path) -> None:
        if isinstance(database, Path):
            database = SqliteDatabase(database)
        self.database = database
        database.ensure_schema(SCHEMA)

    @classmethod
    def of(cls, data_dir: Path) -> Ledger:
        """The ledger kept in the state store of a data directory."""
        return cls(state_database(data_dir))

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        """One transaction: committed whole or rolled back, after the writers before it."""
        with self.database.transaction() as connection:
            yield connection

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        with self.database.reading() as connection:
            yield connection

    # ------------------------------------------------------------------ adding

    def add(
        self,
        *,
        source: str,
        category: str,
        description: str,
        found_date: dt.date,
        actor: str,
        village_code: str | None = None,
        household_id: str | None = None,
        person_id: str | None = None,
        rule_id: str | None = None,
        responsible_id: str | None = None,
        deadline: dt.date | None = None,
    ) -> int:
        """Enter one problem; its id."""
        self._check(source=source, category=category)
        with self._connect() as connection:
            return self._insert(
                connection,
                dict(
                    source=source,
                    rule_id=rule_id,
                    household_id=household_id,
                    person_id=person_id,
                    village_code=village_code,
                    category=category,
                    description=description,
                    responsible_id=responsible_id,
                    deadline=deadline.isoformat() if deadline else None,
                    found_date=found_date.isoformat(),
                ),
                actor,
            )

    def add_many(self, rows: Iterable[dict], actor: str, *, only_if_empty: bool = False) -> int:
        """Enter many problems at once (the demo's inspection, an imported Excel ledger).

        `only_if_empty`: write nothing when the ledger already holds a problem, decided inside
        the write transaction, so two servers (or sessions) seeding at once seed it once.
        """
        count = 0
        with self._connect() as connection:
            if only_if_empty and connection.execute("select count(*) from problems").fetchone()[0]:
                return 0
            for row in rows:
                self._check(source=row["source"], category=row["category"])
                if row.get("status", "open") not in STATUSES:
                    raise LedgerError(
                        f"未知的整改状态：{row.get('status')}",
                        f"Unknown status: {row.get('status')}",
                    )
                self._insert(connection, row, actor)
                count += 1
        return count

    def _insert(self, connection: Connection, row: dict, actor: str) -> int:
        values = {key: value for key, value in row.items() if value is not None}
        values.setdefault("status", "open")
        values["updated_at"] = _today()
        values["updated_by"] = actor
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        # Column names are ours (the dict's keys are fixed by the callers above), values bound.
        problem_id = connection.execute(
            f"insert into problems ({columns}) values ({marks}) returning problem_id",
            list(values.values()),
        ).fetchone()[0]
        self._event(connection, problem_id, actor, "created", None, values["status"])
        return problem_id

    @staticmethod
    def _event(connection, problem_id, actor, change, old, new) -> None:
        connection.execute(
            "insert into problem_events (problem_id, at, actor, change, old_value, new_value) "
            "values (?, ?, ?, ?, ?, ?)",
            (problem_id, _today(), actor, change, old, new),
        )

    @staticmethod
    def _check(*, source: str, category: str) -> None:
        if source not in SOURCES:
            raise LedgerError(f"未知的问题来源：{source}", f"Unknown source of a problem: {source}")
        if category not in CATEGORIES:
            raise LedgerError(f"未知的问题类别：{category}", f"Unknown category: {category}")

    # ------------------------------------------------------------------ changing

    def get(self, problem_id: int) -> dict:
        """One problem as a dict; LedgerError when there is none."""
        with self._reading() as connection:
            return dict(_problem_row(connection, problem_id))

    def update(
        self,
        problem_id: int,
        *,
        version: int,
        actor: str,
        status: str | None = None,
        on: dt.date | None = None,
        **changes: object,
    ) -> dict:
        """Save changes made on `version` of a problem; EditConflict if it has moved on since.

        `status` moves the problem (fixed and verified record `on`, default today); cannot_fix
        needs a `reason`. Returns the saved problem.
        """
        unknown = sorted(set(changes) - set(EDITABLE))
        if unknown:
            raise LedgerError(
                f"不能修改的字段：{unknown}", f"Fields that cannot be changed: {unknown}"
            )
        if status is not None and status not in STATUSES:
            raise LedgerError(f"未知的整改状态：{status}", f"Unknown status: {status}")
        if "category" in changes:
            self._check(source="other", category=str(changes["category"]))
        day = (on or dt.date.today()).isoformat()
        with self._connect() as connection:
            current = _problem_row(connection, problem_id)
            if current["version"] != version:
                raise EditConflict(
                    f"问题 {problem_id} 在您打开之后已被 {current['updated_by']} 修改"
                    f"（{current['updated_at']}）。您的修改没有保存，也没有丢失：请刷新后再保存。",
                    f"Problem {problem_id} was changed by {current['updated_by']} "
                    f"({current['updated_at']}) after you opened it. Your changes were not saved "
                    "and are not lost: reload, then save again.",
                )
            values = {key: _plain(value) for key, value in changes.items()}
            if status == "cannot_fix" and not (values.get("reason") or current["reason"]):
                raise LedgerError(
                    "标记为“无法整改”须写明原因。",
                    "Marking a problem cannot-be-fixed needs a reason.",
                )
            if status is not None and status != current["status"]:
                values["status"] = status
                if status == "fixed":
                    values["fixed_date"] = day
                if status == "verified":
                    values["verified_date"] = day
                    values.setdefault("fixed_date", current["fixed_date"] or day)
                if status in OPEN_STATUSES:
                    values["fixed_date"] = None
                    values["verified_date"] = None
                    values["fixed_in_data"] = 0
            for key, value in values.items():
                if current[key] != value:
                    self._event(connection, problem_id, actor, key, current[key], value)
            values.update(version=version + 1, updated_at=_today(), updated_by=actor)
            assignments = ", ".join(f"{key} = ?" for key in values)
            # Column names come from EDITABLE and the fixed keys above; values are bound.
            connection.execute(
                f"update problems set {assignments} where problem_id = ? and version = ?",
                [*values.values(), problem_id, version],
            )
        return self.get(problem_id)

    def add_clues(self, clues: Iterable[dict], found_date: dt.date, actor: str) -> int:
        """Enter the early warning's clues (household_id, village_code, clue, description) as
        problems to check, once: a clue whose household already has an open problem of the same
        clue is left alone. The clue's code is kept as the problem's rule_id. How many entered.
        """
        count = 0
        with self._connect() as connection:
            open_ones = {
                (row["rule_id"], row["household_id"])
                for row in connection.execute(
                    "select rule_id, household_id, status from problems where source = 'warning'"
                )
                if row["status"] in OPEN_STATUSES
            }
            for clue in clues:
                if (clue["clue"], clue["household_id"]) in open_ones:
                    continue
                self._insert(
                    connection,
                    dict(
                        source="warning",
                        rule_id=clue["clue"],
                        household_id=clue["household_id"],
                        village_code=clue["village_code"],
                        category="policy",
                        description=clue["description"],
                        found_date=found_date.isoformat(),
                    ),
                    actor,
                )
                open_ones.add((clue["clue"], clue["household_id"]))
                count += 1
        return count

    # ------------------------------------------------------------------ findings

    def sync_findings(
        self, findings: pd.DataFrame, snapshot_date: dt.date, actor: str, area: str = ""
    ) -> SyncResult:
        """Keep the finding problems in step with a snapshot's logic-check findings.

        A finding is known by (rule, household, person). A new one becomes a problem (once: a
        re-run never duplicates it); a problem whose finding is gone from this snapshot is marked
        fixed in the data, awaiting verification; one whose finding came back is reopened.
        `area` (a code prefix) is where the findings were looked for: problems outside it are
        left alone (an analyst of one village does not close another village's).
        """
        day = snapshot_date.isoformat()
        last = self.last_sync(area)
        if last is not None and snapshot_date < last:
            # An older snapshot would undo the newer one's news: findings it lacks were found
            # later (marked fixed), those it has were fixed since (reopened).
            raise LedgerError(
                f"台账已与 {last.isoformat()} 的快照同步；不能再与更早的快照"
                f"（{day}）同步，请选择最新快照。",
                f"The ledger is in step with the snapshot of {last.isoformat()}; it cannot be "
                f"synced with an earlier one ({day}). Choose the latest snapshot.",
            )
        wanted = {
            (row.rule_id, _key(row.household_id), _key(row.person_id)): row
            for row in findings.itertuples(index=False)
        }
        added = fixed = reopened = unchanged = 0
        with self._connect() as connection:
            known = {
                (row["rule_id"], row["household_id"] or "", row["person_id"] or ""): row
                for row in connection.execute("select * from problems where source = 'finding'")
                if (row["village_code"] or "").startswith(area)
            }
            for key, finding in wanted.items():
                problem = known.get(key)
                if problem is None:
                    self._insert(
                        connection,
                        dict(
                            source="finding",
                            rule_id=finding.rule_id,
                            household_id=_value(finding.household_id),
                            person_id=_value(finding.person_id),
                            village_code=_value(finding.village_code),
                            category=RULE_CATEGORIES.get(finding.rule_id, "data_quality"),
                            description=str(finding.detail),
                            responsible_id=_value(getattr(finding, "helper_id", None)),
                            found_date=day,
                        ),
                        actor,
                    )
                    added += 1
                elif problem["status"] in DONE_STATUSES and problem["status"] != "cannot_fix":
                    self._reopen(connection, problem, actor, day)
                    reopened += 1
                else:
                    unchanged += 1
            for key, problem in known.items():
                if key not in wanted and problem["status"] in OPEN_STATUSES:
                    connection.execute(
                        "update problems set status = 'fixed', fixed_in_data = 1, fixed_date = ?, "
                        "version = version + 1, updated_at = ?, updated_by = ? "
                        "where problem_id = ?",
                        (day, _today(), actor, problem["problem_id"]),
                    )
                    self._event(
                        connection,
                        problem["problem_id"],
                        actor,
                        "status",
                        problem["status"],
                        "fixed",
                    )
                    fixed += 1
            connection.execute(
                "insert into ledger_syncs (snapshot_date, area, at, actor, added, fixed_in_data, "
                "reopened) values (?, ?, ?, ?, ?, ?, ?)",
                (day, area, _today(), actor, added, fixed, reopened),
            )
        return SyncResult(added, fixed, reopened, unchanged)

    def last_sync(self, area: str = "") -> dt.date | None:
        """The latest snapshot the finding problems of `area` (or of an area overlapping it)
        were kept in step with; None when never."""
        with self._connect() as connection:
            rows = connection.execute("select snapshot_date, area from ledger_syncs").fetchall()
        days = [
            row["snapshot_date"]
            for row in rows
            if row["area"].startswith(area) or area.startswith(row["area"])
        ]
        return dt.date.fromisoformat(max(days)) if days else None

    def _reopen(self, connection, problem, actor: str, day: str) -> None:
        connection.execute(
            "update problems set status = 'open', fixed_in_data = 0, fixed_date = null, "
            "verified_date = null, reopened = reopened + 1, version = version + 1, "
            "updated_at = ?, updated_by = ? where problem_id = ?",
            (_today(), actor, problem["problem_id"]),
        )
        self._event(connection, problem["problem_id"], actor, "status", problem["status"], "open")

    # ------------------------------------------------------------------ reading

    def frame(self) -> pd.DataFrame:
        """Every problem, one row each, in id order.

        Read once per change of the ledger in this process: a cheap mark (how many problems,
        the sum of their versions, which every change raises, the highest id) says whether
        the rows read last are still the ledger's, and the frame built then is handed out as
        a shallow copy (pandas copies on write: a caller's change never reaches it).
        """
        with self._reading() as connection:
            mark = tuple(
                connection.execute(
                    "select count(*), coalesce(sum(version), 0), coalesce(max(problem_id), 0) "
                    "from problems"
                ).fetchone()
            )
            kept = _FRAMES.get(self.database)
            if kept is not None and kept[0] == mark:
                return kept[1].copy(deep=False)
            rows = connection.execute("select * from problems order by problem_id").fetchall()
        columns = [
            "problem_id", "source", "rule_id", "household_id", "person_id", "village_code",
            "category", "description", "responsible_id", "deadline", "measures", "status",
            "result", "reason", "found_date", "fixed_date", "verified_date", "fixed_in_data",
            "reopened", "version", "updated_at", "updated_by",
        ]  # fmt: skip
        frame = pd.DataFrame([dict(row) for row in rows], columns=columns)
        for column in ("deadline", "found_date", "fixed_date", "verified_date"):
            frame[column] = pd.to_datetime(frame[column]).dt.date
        _FRAMES[self.database] = (mark, frame)
        return frame.copy(deep=False)

    def history(self, problem_id: int) -> pd.DataFrame:
        """Every change of one problem, oldest first."""
        with self._reading() as connection:
            rows = connection.execute(
                "select at, actor, change, old_value, new_value from problem_events "
                "where problem_id = ? order by event_id",
                (problem_id,),
            ).fetchall()
        return pd.DataFrame(
            [dict(row) for row in rows], columns=["at", "actor", "change", "old_value", "new_value"]
        )

    def count(self) -> int:
        with self._reading() as connection:
            return connection.execute("select count(*) from problems").fetchone()[0]


def _key(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _value(value: object) -> str | None:
    return _key(value) or None


def _plain(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _problem_row(connection: Connection, problem_id: int):
    """The problem's row; LedgerError when the ledger has no such problem."""
    row = connection.execute(
        "select * from problems where problem_id = ?", (problem_id,)
    ).fetchone()
    if row is None:
        raise LedgerError(f"没有编号为 {problem_id} 的问题。", f"No problem {problem_id}.")
    return row
