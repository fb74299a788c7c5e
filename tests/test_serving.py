"""`tuopin serve --processes N`: HAProxy's configuration, the processes' shares, the secrets.

The parts that need no running cluster; `tests/test_serving_cluster.py` runs one for real.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from dashboard import cli, serving
from dashboard.data import process_duckdb_limits
from dashboard.errors import QueryError

needs_haproxy = pytest.mark.skipif(
    shutil.which("haproxy") is None and not Path("/usr/sbin/haproxy").is_file(),
    reason="Debian's haproxy is not installed (python3 dev.py test installs it)",
)


def backends() -> list[serving.BackendAddress]:
    return [
        serving.BackendAddress("p1", "127.0.0.1", 18001),
        serving.BackendAddress("p2", "10.0.0.7", 8501),
    ]


@needs_haproxy
def test_haproxy_accepts_the_configuration(tmp_path: Path):
    """HAProxy's own check (`haproxy -c`) passes the file `tuopin serve` writes."""
    config = tmp_path / "haproxy.cfg"
    config.write_text(
        serving.haproxy_config(backends(), bind="127.0.0.1:18000", stats_socket=tmp_path / "s"),
        encoding="utf-8",
    )
    checked = subprocess.run(
        [serving.haproxy_command(), "-c", "-f", str(config)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_configuration_keeps_tabs_on_their_process_and_survives_a_dead_one(tmp_path: Path):
    text = serving.haproxy_config(backends(), bind="0.0.0.0:8501", stats_socket="/run/t.sock")
    lines = [line.strip() for line in text.splitlines()]
    assert "cookie SERVERID insert indirect nocache httponly" in lines
    assert "server p1 127.0.0.1:18001 check cookie p1" in lines
    assert "server p2 10.0.0.7:8501 check cookie p2" in lines
    assert "option httpchk GET /_stcore/health" in lines
    assert "option redispatch 1" in lines
    assert "timeout check 15s" in lines  # a busy process answers late; only a dead one is out
    assert any(line.startswith("timeout tunnel ") for line in lines)
    assert "stats socket /run/t.sock mode 600 level admin" in lines
    assert "bind 0.0.0.0:8501" in lines


def test_each_process_gets_its_share_of_the_cores():
    assert serving.process_limits(1, "1GB", cores=2) == serving.DuckdbLimits(2, "1GB")
    assert serving.process_limits(2, "1GB", cores=2) == serving.DuckdbLimits(1, "1GB")
    assert serving.process_limits(3, "512MB", cores=8) == serving.DuckdbLimits(2, "512MB")
    assert serving.process_limits(4, "1GB", cores=2).threads == 1  # never none


def test_the_limits_setting_reaches_duckdb(monkeypatch):
    """One named setting (`TUOPIN_DUCKDB_LIMITS`) gives every connection its threads and memory."""
    import duckdb

    from dashboard.data import connection_config

    monkeypatch.setenv(serving.LIMITS_VARIABLE, serving.DuckdbLimits(1, "700MB").setting())
    connection = duckdb.connect(config=connection_config())
    try:
        threads, memory = connection.execute(
            "select current_setting('threads'), current_setting('memory_limit')"
        ).fetchone()
    finally:
        connection.close()
    assert threads == 1
    assert memory.replace(" ", "") in ("667.5MiB", "700.0MB", "700MB")


@pytest.mark.parametrize("value", ["threads=0", "threads=two", "memory=lots", "cores=2"])
def test_a_limits_setting_that_is_not_understood_is_an_error(monkeypatch, value: str):
    monkeypatch.setenv(serving.LIMITS_VARIABLE, value)
    with pytest.raises(QueryError) as raised:
        process_duckdb_limits()
    assert "TUOPIN_DUCKDB_LIMITS" in raised.value.message_en
    assert "TUOPIN_DUCKDB_LIMITS" in raised.value.message_zh


def test_without_the_setting_the_defaults_stay(monkeypatch):
    from dashboard.data import MEMORY_LIMIT, THREADS

    monkeypatch.delenv(serving.LIMITS_VARIABLE, raising=False)
    assert process_duckdb_limits() == (THREADS, MEMORY_LIMIT)


def test_every_process_gets_the_same_cookie_secret_kept_owner_only(tmp_path: Path):
    instance = tmp_path / "instance"
    first = serving.cookie_secret(instance)
    assert len(first) >= 32
    assert serving.cookie_secret(instance) == first
    mode = stat.S_IMODE(os.stat(instance / serving.COOKIE_SECRET_FILE).st_mode)
    assert mode == 0o600


def test_one_process_is_todays_server_on_the_port_asked_for(demo_dir: Path, monkeypatch):
    """`tuopin serve --port P` (N = 1) execs Streamlit itself on P: no HAProxy, no supervisor."""
    seen: dict[str, list[str]] = {}

    def execve(path, command, environment):
        seen["command"] = command
        raise SystemExit(0)

    monkeypatch.setattr(cli.os, "execve", execve)
    monkeypatch.setattr(cli.os, "chdir", lambda _path: None)
    with pytest.raises(SystemExit):
        cli.main(["serve", "--data", str(demo_dir), "--no-auth", "--port", "18777"])
    command = seen["command"]
    assert command[1:4] == ["-m", "streamlit", "run"]
    assert command[4].endswith("server.py")
    assert command[-2:] == ["--server.port", "18777"]
    assert "haproxy" not in " ".join(command)


def test_several_processes_without_haproxy_are_refused_clearly(demo_dir, monkeypatch, capsys):
    monkeypatch.setattr(serving.shutil, "which", lambda _name: None)
    monkeypatch.setattr(serving, "Path", _NoFile)
    code = cli.main(["serve", "--data", str(demo_dir), "--no-auth", "--processes", "2"])
    err = capsys.readouterr().err
    assert code == 2
    assert "haproxy" in err and "apt-get install haproxy" in err
    assert "错误" in err


class _NoFile(type(Path())):
    """A Path whose files never exist (no /usr/sbin/haproxy)."""

    def is_file(self) -> bool:
        return False


@needs_haproxy
def test_deploy_writes_a_config_haproxy_accepts_and_a_unit(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.setenv("TUOPIN_STATE_URL", "postgresql://tuopin@db.example/tuopin")
    out = tmp_path / "deploy"
    code = cli.main(
        ["deploy", "--backend", "10.0.0.11:8601", "--backend", "10.0.0.11:8602"]
        + ["--backend", "10.0.0.12:8601", "--out", str(out), "--socket", str(tmp_path / "s")]
    )
    assert code == 0
    config = (out / "haproxy.cfg").read_text(encoding="utf-8")
    assert "server n3 10.0.0.12:8601 check cookie n3" in config
    checked = subprocess.run(
        [serving.haproxy_command(), "-c", "-f", str(out / "haproxy.cfg")],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    unit = (out / "tuopin@.service").read_text(encoding="utf-8")
    assert "--server.port %i" in unit and "Restart=always" in unit
    # Two processes on the busiest node: each gets half of this machine's cores.
    assert f"TUOPIN_DUCKDB_LIMITS=threads={max(1, (os.cpu_count() or 1) // 2)}," in unit


def test_deploy_on_several_machines_refuses_a_sqlite_state(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.delenv("TUOPIN_STATE_URL", raising=False)
    out = tmp_path / "deploy"
    code = cli.main(
        ["deploy", "--backend", "10.0.0.11:8601", "--backend", "10.0.0.12:8601", "--out", str(out)]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "PostgreSQL" in err and "TUOPIN_STATE_URL" in err
    assert not out.exists()


@pytest.mark.parametrize("backend", ["10.0.0.11", "10.0.0.11:http", ":8601", "host:70000"])
def test_deploy_refuses_a_backend_that_is_not_host_and_port(tmp_path: Path, backend, capsys):
    assert cli.main(["deploy", "--backend", backend, "--out", str(tmp_path / "d")]) == 2
    assert "HOST:PORT" in capsys.readouterr().err
