"""The state store: one SQLite file by default, one PostgreSQL database when a URL is set.

Accounts, sessions, throttling and the audit log (`dashboard.access.store`) and the
rectification ledger (`dashboard.ledger.store`) keep their state here, and talk to it only
through `transaction()` and `reading()`, whose connections take SQL with `?` placeholders and
give rows read by name or position. What the two dialects spell differently is handled here
and nowhere else:

- placeholders: `?` becomes `%s` for PostgreSQL (and a literal `%` becomes `%%`);
- the id column a row gets by itself: `{auto_id}` in a schema statement (and `{integer_key}`
  for a key the code always gives);
- one writer at a time: SQLite's `begin immediate`, PostgreSQL's transaction-level advisory
  lock, so every read-then-write in the stores stays correct when several servers write;
  both wait up to `BUSY_TIMEOUT_SECONDS` for their turn;
- `for_update`: the row lock that PostgreSQL needs on a row read to be changed (`for update`),
  which SQLite's whole-database write lock makes unnecessary.

Where: `$TUOPIN_STATE_URL` (a `postgresql://` URL) if set, else the `url` of the `[state]`
table in `<instance folder>/state.toml`, else `<instance folder>/tuopin.sqlite`. Several
servers behind a proxy share one PostgreSQL database; a SQLite file belongs to one machine.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import tomllib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from dashboard.errors import TuopinError
from dashboard.settings import environment

STATE_FILE = "tuopin.sqlite"
SETTINGS_FILE = "state.toml"  # in the instance folder: [state] url = "postgresql://…"
URL_VARIABLE = "TUOPIN_STATE_URL"
BUSY_TIMEOUT_SECONDS = 10.0  # the CLI and the servers write the same store; one waits its turn
CONNECT_TIMEOUT_SECONDS = 10  # a PostgreSQL server that does not answer is an error, not a hang
POOL_SIZE_VARIABLE = "TUOPIN_STATE_POOL_SIZE"
POOL_SIZE = 8  # idle PostgreSQL connections kept per process: a page run is several statements
# The key of PostgreSQL's advisory lock that orders writers, like SQLite's one write lock
# ("tuopin" in ASCII, so it is recognisable in pg_locks).
WRITER_LOCK_KEY = 0x7475_6F70_696E


class StateStoreError(TuopinError):
    """The state store is misconfigured or cannot be reached."""


class Connection(Protocol):
    """What the stores use of a connection: `execute(sql, values)` → a cursor (fetchone,
    fetchall, rowcount, iteration), rows read as `row["name"]` or `row[0]`."""

    def execute(self, sql: str, values: Sequence[object] = ()) -> object: ...


class StateDatabase:
    """One state store. `shared` says whether several servers may use it at once."""

    dialect: str
    shared: bool
    for_update: str  # appended to a select whose rows the transaction will change

    def transaction(self) -> Iterator[Connection]:
        raise NotImplementedError

    def reading(self) -> Iterator[Connection]:
        raise NotImplementedError

    def exists(self) -> bool:
        """Whether the store has been created (without creating it)."""
        raise NotImplementedError

    def has_table(self, table: str) -> bool:
        """Whether a table exists, without creating anything."""
        raise NotImplementedError

    def describe(self) -> str:
        """Where the store is, for messages (never a password)."""
        raise NotImplementedError

    def ensure_schema(self, statements: Sequence[str]) -> None:
        """Create what is missing (`create … if not exists`), once per process and store."""
        key = tuple(statements)
        if key in self._ensured and not self._vanished():
            return
        with self.transaction() as connection:
            for statement in statements:
                connection.execute(self.ddl(statement))
        self._ensured.add(key)

    def ddl(self, statement: str) -> str:
        raise NotImplementedError

    def _vanished(self) -> bool:
        """Whether the store was removed since its schema was made (a deleted SQLite file)."""
        return False

    def close(self) -> None:
        """Let go of kept connections (tests, and processes done with the store)."""


class SqliteDatabase(StateDatabase):
    """The state in one SQLite file (created 0600), one writer at a time."""

    dialect = "sqlite"
    shared = False
    for_update = ""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()  # one writer per process; other processes wait on SQLite
        self._ensured: set[tuple[str, ...]] = set()

    def _create_file(self) -> None:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not self.path.exists():
            # Created empty with owner-only rights before SQLite writes anything into it.
            descriptor = os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(descriptor)
        os.chmod(self.path, 0o600)

    def _connect(self) -> sqlite3.Connection:
        if not self.path.exists():
            self._create_file()
        connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        connection.row_factory = sqlite3.Row
        connection.execute("pragma foreign_keys = on")
        return connection

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction, taken at once (`begin immediate`) so writers queue, not fail."""
        with self._lock:
            connection = self._connect()
            try:
                connection.execute("begin immediate")
                yield connection
                connection.execute("commit")
            except BaseException:
                connection.execute("rollback")
                raise
            finally:
                connection.close()

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        connection = self._connect()
        try:
            yield connection
        finally:
            connection.close()

    def exists(self) -> bool:
        return self.path.is_file()

    def _vanished(self) -> bool:
        return not self.path.exists()

    def has_table(self, table: str) -> bool:
        if not self.exists():
            return False
        connection = sqlite3.connect(
            f"file:{self.path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS
        )
        try:
            row = connection.execute(
                "select count(*) from sqlite_master where type = 'table' and name = ?", (table,)
            ).fetchone()
            return bool(row and row[0])
        finally:
            connection.close()

    def describe(self) -> str:
        return str(self.path)

    def ddl(self, statement: str) -> str:
        return statement.format(auto_id="integer primary key", integer_key="integer primary key")


class Row:
    """A PostgreSQL row read like `sqlite3.Row`: by name, by position, and as `dict(row)`."""

    __slots__ = ("_index", "_values")

    def __init__(self, values: Sequence[object], index: dict[str, int]) -> None:
        self._values = values
        self._index = index

    def __getitem__(self, key: int | str) -> object:
        return self._values[key] if isinstance(key, int) else self._values[self._index[key]]

    def keys(self) -> list[str]:
        return list(self._index)

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self):
        return iter(self._values)


def _row_factory(cursor):
    index = {column.name: number for number, column in enumerate(cursor.description or ())}
    return lambda values: Row(values, index)


@lru_cache(maxsize=512)
def postgres_sql(sql: str) -> str:
    """A statement with `?` placeholders in PostgreSQL's (psycopg's) `%s` form.

    `?` inside a quoted literal stays; every `%` is doubled, since psycopg reads `%` as the
    start of a placeholder anywhere in the text.

    >>> postgres_sql("select * from t where a = ? and b like '%?'")
    "select * from t where a = %s and b like '%%?'"
    """
    out: list[str] = []
    quoted = False
    for character in sql:
        if character == "'":
            quoted = not quoted
        if character == "%":
            out.append("%%")
        elif character == "?" and not quoted:
            out.append("%s")
        else:
            out.append(character)
    return "".join(out)


class _PostgresConnection:
    """A psycopg connection that takes the stores' `?` statements."""

    def __init__(self, connection) -> None:
        self._connection = connection

    def execute(self, sql: str, values: Sequence[object] = ()):
        return self._connection.execute(postgres_sql(sql), tuple(values))


class PostgresDatabase(StateDatabase):
    """The state in a PostgreSQL database that several servers share.

    Connections are kept for reuse (up to `$TUOPIN_STATE_POOL_SIZE` idle ones, 8 by default);
    a broken one is dropped. Every write transaction first takes one advisory lock, so writers
    follow each other as in SQLite and a read-then-write (the audit chain's next entry, a
    failure count, a problem's version) sees what the writer before it committed.
    """

    dialect = "postgresql"
    shared = True
    for_update = " for update"

    def __init__(self, url: str) -> None:
        self.url = url
        self._idle: list = []
        self._idle_lock = threading.Lock()
        self._ensured: set[tuple[str, ...]] = set()

    def _checkout(self):
        import psycopg

        with self._idle_lock:
            while self._idle:
                connection = self._idle.pop()
                if not connection.closed and not connection.broken:
                    return connection
        try:
            return psycopg.connect(
                self.url,
                autocommit=True,  # reads are one statement each; writes open a transaction
                row_factory=_row_factory,
                connect_timeout=CONNECT_TIMEOUT_SECONDS,
            )
        except psycopg.OperationalError as error:
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
            raise StateStoreError(
                f"无法连接状态数据库 {self.describe()}：{first_line}。请检查 {URL_VARIABLE} 或 "
                f"实例目录中的 {SETTINGS_FILE}，以及 PostgreSQL 服务器是否在运行。",
                f"Cannot connect to the state database {self.describe()}: {first_line}. Check "
                f"{URL_VARIABLE} or {SETTINGS_FILE} in the instance folder, and that the "
                "PostgreSQL server is running.",
            ) from None

    def _checkin(self, connection) -> None:
        from psycopg.pq import TransactionStatus

        healthy = (
            not connection.closed
            and not connection.broken
            and connection.info.transaction_status == TransactionStatus.IDLE
        )
        with self._idle_lock:
            if healthy and len(self._idle) < _pool_size():
                self._idle.append(connection)
                return
        connection.close()

    @contextmanager
    def _connection(self) -> Iterator:
        connection = self._checkout()
        try:
            yield connection
        finally:
            self._checkin(connection)

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction, after the writers before it (the advisory lock)."""
        with self._connection() as connection, connection.transaction():
            wrapped = _PostgresConnection(connection)
            wrapped.execute(
                "select set_config('lock_timeout', ?, true)",  # true: for this transaction
                (f"{int(BUSY_TIMEOUT_SECONDS * 1000)}ms",),
            )
            wrapped.execute("select pg_advisory_xact_lock(?)", (WRITER_LOCK_KEY,))
            yield wrapped

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """Reads, each statement on its own (as SQLite's reads outside a transaction)."""
        with self._connection() as connection:
            yield _PostgresConnection(connection)

    def exists(self) -> bool:
        """Whether the state's tables were made (the database itself is the administrator's)."""
        return self.has_table("users") or self.has_table("problems")

    def has_table(self, table: str) -> bool:
        with self.reading() as connection:
            return connection.execute("select to_regclass(?) is not null", (table,)).fetchone()[0]

    def describe(self) -> str:
        parts = urlsplit(self.url)
        where = parts.hostname or "localhost"
        if parts.port:
            where += f":{parts.port}"
        user = f"{parts.username}@" if parts.username else ""
        return f"postgresql://{user}{where}{parts.path}"

    def ddl(self, statement: str) -> str:
        return statement.format(
            auto_id="bigint generated by default as identity primary key",
            integer_key="bigint primary key",
        )

    def close(self) -> None:
        with self._idle_lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()


def _pool_size() -> int:
    value = environment(POOL_SIZE_VARIABLE)
    return int(value) if value is not None else POOL_SIZE


def configured_url(folder: Path) -> str | None:
    """The PostgreSQL URL: `$TUOPIN_STATE_URL`, else `[state] url` in the folder's state.toml."""
    url = (environment(URL_VARIABLE) or "").strip()
    settings = Path(folder) / SETTINGS_FILE
    if not url and settings.is_file():
        try:
            url = str(
                tomllib.loads(settings.read_text(encoding="utf-8")).get("state", {}).get("url", "")
            ).strip()
        except tomllib.TOMLDecodeError as error:
            raise StateStoreError(
                f"{settings} 不是有效的 TOML：{error}",
                f"{settings} is not valid TOML: {error}",
            ) from None
    if not url:
        return None
    if urlsplit(url).scheme not in ("postgresql", "postgres"):
        raise StateStoreError(
            f"状态数据库的地址须以 postgresql:// 开头（{URL_VARIABLE} 或 {settings}）。",
            f"The state database URL must start with postgresql:// ({URL_VARIABLE} or {settings}).",
        )
    return url


_opened: dict[tuple[str, str], StateDatabase] = {}
_opened_lock = threading.Lock()


def open_state(folder: Path) -> StateDatabase:
    """The state store of an instance folder, one object per store and process (its
    connections and its created schema kept)."""
    url = configured_url(folder)
    key = ("postgresql", url) if url else ("sqlite", str(Path(folder).resolve() / STATE_FILE))
    with _opened_lock:
        database = _opened.get(key)
        if database is None:
            database = PostgresDatabase(url) if url else SqliteDatabase(Path(key[1]))
            _opened[key] = database
    return database


def close_all() -> None:
    """Close every kept connection (the tests' PostgreSQL schemas are dropped after this)."""
    with _opened_lock:
        databases = list(_opened.values())
        _opened.clear()
    for database in databases:
        database.close()
