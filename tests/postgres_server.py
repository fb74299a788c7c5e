"""A real PostgreSQL 15 server for the tests: Debian's binaries, a temporary cluster, a free port.

Debian's PostgreSQL refuses to run as root, so as root the cluster is made and run by the
`postgres` user (`runuser -u postgres --`), in a folder under /tmp that it owns. The server
listens on 127.0.0.1 only and asks for a password (SCRAM), as a real deployment would. Each test
gets a schema of its own (`fresh_url`), dropped afterwards, so tests never see each other's rows.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from dashboard.errors import TuopinError

BIN = Path(os.environ.get("TUOPIN_TEST_POSTGRES_BIN", "/usr/lib/postgresql/15/bin"))
START_TIMEOUT_SECONDS = 60  # two shared cores: initdb and the first start can be slow
DATABASE = "tuopin"
ROLE = "tuopin"


class PostgresMissing(TuopinError):
    """The PostgreSQL server binaries the tests need are not installed."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    """A running cluster; `url(schema)` connects to its test database with that search path."""

    def __init__(self) -> None:
        missing = [name for name in ("initdb", "pg_ctl", "postgres") if not (BIN / name).is_file()]
        if missing:
            raise PostgresMissing(
                f"测试需要 Debian 的 PostgreSQL 15（缺少 {BIN}/{missing[0]}）："
                "apt-get install postgresql",
                f"The tests need Debian's PostgreSQL 15 server ({BIN}/{missing[0]} is missing): "
                "apt-get install postgresql (python3 dev.py test installs it as root).",
            )
        self.as_root = os.geteuid() == 0
        self.root = Path(tempfile.mkdtemp(prefix="tuopin-postgres-"))
        self.data = self.root / "cluster"
        self.log = self.root / "server.log"
        self.port = free_port()
        self.password = secrets.token_urlsafe(16)
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")
        self.root.chmod(0o700)

    def _run(self, *command: str, **options) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        return subprocess.run(
            [*prefix, *command], check=True, capture_output=True, text=True, **options
        )

    def start(self) -> PostgresServer:
        password_file = self.root / "password"
        password_file.write_text(self.password + "\n", encoding="utf-8")
        if self.as_root:
            shutil.chown(password_file, "postgres", "postgres")
        self._run(
            str(BIN / "initdb"),
            "-D", str(self.data),
            "-U", ROLE,
            "--pwfile", str(password_file),
            "--auth", "scram-sha-256",
            "--encoding", "UTF8",
            "--locale", "C.UTF-8",
        )  # fmt: skip
        password_file.unlink()
        try:
            self._run(
                str(BIN / "pg_ctl"),
                "-D", str(self.data),
                "-l", str(self.log),
                "-w", "-t", str(START_TIMEOUT_SECONDS),
                "-o", f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                      "-c fsync=off -c max_connections=60",
                "start",
            )  # fmt: skip
        except subprocess.CalledProcessError as error:
            log = self.log.read_text(encoding="utf-8") if self.log.exists() else ""
            raise RuntimeError(f"PostgreSQL did not start: {error.stderr}\n{log}") from None
        self.admin(f"create database {DATABASE}", database="postgres")
        return self

    def url(self, schema: str | None = None, database: str = DATABASE) -> str:
        url = f"postgresql://{ROLE}:{self.password}@127.0.0.1:{self.port}/{database}"
        return f"{url}?options=-csearch_path%3D{schema}" if schema else url

    def admin(self, sql: str, database: str = DATABASE) -> None:
        """Run one statement as the cluster's owner (creating and dropping test schemas)."""
        import psycopg

        with psycopg.connect(self.url(database=database), autocommit=True) as connection:
            connection.execute(sql)

    def fresh_url(self) -> tuple[str, str]:
        """A new empty schema and the URL whose search path is it."""
        schema = f"test_{secrets.token_hex(6)}"
        self.admin(f"create schema {schema}")
        return schema, self.url(schema)

    def stop(self) -> None:
        try:
            self._run(str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
