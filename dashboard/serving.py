"""Many users at once: `tuopin serve --processes N`, N Streamlit servers behind HAProxy.

Streamlit does not scale out inside one process (every page's Python runs on one interpreter)
and keeps its sessions, uploads and media files in that process's memory, so several workers
on one port would break uploads and downloads. The usual way out is taken here: N independent
server processes on private ports (127.0.0.1), and Debian's HAProxy on the public port with

- a sticky cookie per process (`cookie SERVERID insert indirect nocache`): a tab's HTTP
  requests and its WebSocket reach the process that holds its Streamlit session;
- health checks on Streamlit's own endpoint (`/_stcore/health`), so a dead process is taken
  out of the rotation within HEALTH_INTERVAL × HEALTH_FALL;
- `option redispatch`: a tab whose process died reconnects to another one, which recognises
  its sign-in (the session token's hash is in the one state store, the cookie in the browser);
- `timeout tunnel` for the WebSockets (a tab left open for a working day);
- a runtime API (`stats socket`), through which a process is drained for a rolling restart.

Every process gets the same secrets (Streamlit's cookie secret, kept in the instance folder,
signs its XSRF and identity cookies; the sign-in sessions are rows of the state store) and
its share of DuckDB's threads and memory (`TUOPIN_DUCKDB_LIMITS`, `dashboard.data`). The
supervisor here starts them, restarts one that dies, and on SIGHUP restarts them one after
another through the runtime API (drain, stop, start, ready), while the others serve.

Why HAProxy and not nginx: Debian's nginx has no sticky cookie (that is nginx Plus's
`sticky cookie`; `ip_hash` sends a whole office behind one NAT address to one process), no
active health checks and no runtime API to drain a server; HAProxy has all three in Debian.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.errors import TuopinError
from dashboard.settings import LIMITS_VARIABLE
from dashboard.snapshots import PROJECT_ROOT

SERVER_SCRIPT = Path(__file__).resolve().parent / "server.py"
HAPROXY = "haproxy"  # Debian's package haproxy (2.6 in bookworm)
HEALTH_PATH = "/_stcore/health"  # Streamlit answers 200 "ok" once its runtime is up
BACKEND = "tuopin"  # the HAProxy backend's name, as the runtime API's commands name it
RUNTIME_FOLDER = "serve"  # in the instance folder: haproxy.cfg, its socket, processes.json
STATUS_FILE = "processes.json"  # which process is on which port with which pid (for tools)
SOCKET_FILE = "haproxy.sock"
COOKIE_SECRET_FILE = "streamlit-cookie-secret"  # in the instance folder, owner-only
COOKIE_SECRET_BYTES = 32
HEALTH_INTERVAL_MS = 3000  # HAProxy asks every process this often whether it is up …
HEALTH_FALL = 3  # … and takes it out after this many failed answers in a row
HEALTH_RISE = 1  # … and back in after one good answer (a restarted process is ready at once)
# How long an answer may take. A process busy with twenty sessions' pages answers its health
# check late (one interpreter): with 1 s, both processes of a loaded machine were taken out
# and HAProxy answered 503 to 11 of 20 sessions. A dead process refuses at once, whatever this.
HEALTH_TIMEOUT = "15s"
# A page of a province under load takes up to minutes; HAProxy must not cut it off. The
# WebSocket of an open tab lives as long as the tab (a working day at most).
SERVER_TIMEOUT_SECONDS = 330
TUNNEL_TIMEOUT = "8h"
START_SECONDS = 180.0  # a process that is not healthy by then has failed to start
RESTART_DELAY_SECONDS = 1.0  # before a dead process is started again (twice that if it died young)
DRAIN_SECONDS = 3.0  # rolling restart: after `drain`, before the process is stopped
# "threads=1,memory=1GB": one process's DuckDB share, read by settings.process_duckdb_limits


class ServeError(TuopinError):
    """The servers could not be started: no HAProxy, a port taken, a process that failed."""


# ------------------------------------------------------------------------------ limits
@dataclass(frozen=True)
class DuckdbLimits:
    """One process's DuckDB share: its threads and its memory limit."""

    threads: int
    memory: str

    def setting(self) -> str:
        """The value of TUOPIN_DUCKDB_LIMITS that gives these limits."""
        return f"threads={self.threads},memory={self.memory}"


def process_limits(processes: int, memory: str, cores: int | None = None) -> DuckdbLimits:
    """Each of `processes` processes' share of the machine's cores, each with `memory`.

    Two processes on two cores get a thread each: DuckDB's threads beyond the cores only
    contend with the other process's pages.

    >>> process_limits(2, "1GB", cores=2)
    DuckdbLimits(threads=1, memory='1GB')
    """
    cores = cores or os.cpu_count() or 1
    return DuckdbLimits(max(1, cores // max(1, processes)), memory)


# ------------------------------------------------------------------------------ HAProxy
@dataclass(frozen=True)
class BackendAddress:
    """One server process as HAProxy sees it: its name (also its cookie value) and address."""

    name: str
    host: str
    port: int


def haproxy_config(
    backends: list[BackendAddress],
    *,
    bind: str,
    stats_socket: Path | str,
    forwarded_for: bool = True,
) -> str:
    """The HAProxy configuration for `backends` behind `bind` ("0.0.0.0:8501").

    `stats_socket` is the runtime API's Unix socket (level admin: `set server … state drain`).
    """
    servers = "\n".join(
        f"    server {backend.name} {backend.host}:{backend.port} check cookie {backend.name}"
        for backend in backends
    )
    forward = "    option forwardfor\n" if forwarded_for else ""
    return f"""# Written by tuopin ({__name__}); see docs/deploy.md.
global
    maxconn 4096
    stats socket {stats_socket} mode 600 level admin
    stats timeout 30s

defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server {SERVER_TIMEOUT_SECONDS}s
    # An open tab's WebSocket: once upgraded, only this timeout applies to it.
    timeout tunnel {TUNNEL_TIMEOUT}
    timeout client-fin 10s
    timeout http-request 30s
    # A request whose server is down goes to another one at its next try (signed in by cookie).
    option redispatch 1
    retries 3

frontend public
    bind {bind}
{forward}    default_backend {BACKEND}

backend {BACKEND}
    balance leastconn
    # The sticky cookie: one value per process, set on the first answer, stripped before the
    # request reaches Streamlit ("indirect"), never cached by a proxy on the way ("nocache").
    cookie SERVERID insert indirect nocache httponly
    option httpchk GET {HEALTH_PATH}
    http-check expect status 200
    timeout check {HEALTH_TIMEOUT}
    default-server inter {HEALTH_INTERVAL_MS} fall {HEALTH_FALL} rise {HEALTH_RISE}
{servers}
"""


def haproxy_command() -> str:
    """The haproxy executable; ServeError saying how to install it when it is missing."""
    found = shutil.which(HAPROXY) or (
        "/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").is_file() else None
    )
    if found is None:
        raise ServeError(
            "找不到 haproxy。多进程运行（--processes 大于 1）需要 Debian 的 haproxy："
            "sudo apt-get install haproxy（或 python3 dev.py test 会装上）。",
            "haproxy is not installed. Serving with --processes above 1 needs Debian's haproxy: "
            "sudo apt-get install haproxy (python3 dev.py test installs it too).",
        )
    return found


def runtime_command(socket_path: Path | str, command: str, timeout: float = 5.0) -> str:
    """Send one command to HAProxy's runtime API (its stats socket); its answer."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(timeout)
        connection.connect(str(socket_path))
        connection.sendall(command.encode() + b"\n")
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks).decode(errors="replace")


def server_states(socket_path: Path | str) -> dict[str, dict[str, str]]:
    """Each server of the backend as `show stat` gives it: status (UP, DOWN, DRAIN, MAINT),
    current sessions (scur), total sessions (stot), …"""
    lines = runtime_command(socket_path, "show stat").splitlines()
    if not lines or not lines[0].startswith("# "):
        return {}
    header = lines[0][2:].split(",")
    states = {}
    for line in lines[1:]:
        row = dict(zip(header, line.split(","), strict=False))
        if row.get("pxname") == BACKEND and row.get("svname") not in ("BACKEND", "FRONTEND"):
            states[row["svname"]] = row
    return states


def set_server_state(socket_path: Path | str, name: str, state: str) -> None:
    """`set server tuopin/<name> state ready|drain|maint` through the runtime API."""
    answer = runtime_command(socket_path, f"set server {BACKEND}/{name} state {state}").strip()
    if answer:
        raise ServeError(
            f"HAProxy 拒绝了命令 set server {BACKEND}/{name} state {state}：{answer}",
            f"HAProxy refused set server {BACKEND}/{name} state {state}: {answer}",
        )


# ------------------------------------------------------------------------------ secrets
def cookie_secret(instance: Path) -> str:
    """Streamlit's cookie secret for every process of this instance, made once (owner-only).

    Streamlit signs its XSRF cookie (uploads) and its identity cookie (`st.login`) with it; a
    random one per process would make a tab that moved to another process an intruder.
    """
    path = Path(instance) / COOKIE_SECRET_FILE
    if not path.exists():
        Path(instance).mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            pass  # another process made it at the same moment: read theirs
        else:
            with os.fdopen(descriptor, "w", encoding="ascii") as handle:
                handle.write(secrets.token_urlsafe(COOKIE_SECRET_BYTES))
    return path.read_text(encoding="ascii").strip()


# ------------------------------------------------------------------------------ processes
def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def healthy(base: str, timeout: float = 2.0) -> bool:
    """Whether Streamlit at `base` answers its health endpoint."""
    try:
        with urllib.request.urlopen(base + HEALTH_PATH, timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


@dataclass
class Backend:
    """One Streamlit server process the supervisor keeps running."""

    name: str
    port: int
    log: Path
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    restarts: int = 0
    restarting: bool = False  # the rolling restart has it: the watcher leaves it alone

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Cluster:
    """N Streamlit processes and HAProxy in front of them, supervised.

    `environment` is every process's environment (TUOPIN_DATA, TUOPIN_NO_AUTH, …);
    `streamlit_arguments` the extra `--server.*` options the user gave after `--`.
    """

    processes: int
    port: int
    address: str
    runtime: Path
    environment: dict[str, str]
    limits: DuckdbLimits
    streamlit_arguments: list[str] = field(default_factory=list)
    backends: list[Backend] = field(default_factory=list)
    haproxy: subprocess.Popen | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def socket_path(self) -> Path:
        return self.runtime / SOCKET_FILE

    @property
    def public_base(self) -> str:
        host = "127.0.0.1" if self.address in ("0.0.0.0", "", "::") else self.address
        return f"http://{host}:{self.port}"

    def start(self) -> None:
        """Start every process, wait until each is healthy, then HAProxy on the public port."""
        command = haproxy_command()
        self.runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.backends = [
            Backend(f"p{number}", free_port(), self.runtime / f"p{number}.log")
            for number in range(1, self.processes + 1)
        ]
        for backend in self.backends:
            self._spawn(backend)
        for backend in self.backends:
            self._wait_healthy(backend)
        config = self.runtime / "haproxy.cfg"
        config.write_text(
            haproxy_config(
                [BackendAddress(b.name, "127.0.0.1", b.port) for b in self.backends],
                bind=f"{self.address}:{self.port}",
                stats_socket=self.socket_path,
            ),
            encoding="utf-8",
        )
        checked = subprocess.run([command, "-c", "-q", "-f", str(config)], capture_output=True)
        if checked.returncode != 0:
            raise ServeError(
                f"HAProxy 配置 {config} 无效：{checked.stderr.decode(errors='replace')}",
                f"The HAProxy configuration {config} is invalid: "
                f"{checked.stderr.decode(errors='replace')}",
            )
        with (self.runtime / "haproxy.log").open("a") as log:
            # -db: stay in the foreground (the supervisor is its parent); -W: master-worker.
            self.haproxy = subprocess.Popen(
                [command, "-db", "-f", str(config)], stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 10
        while not healthy(self.public_base):
            if self.haproxy.poll() is not None or time.monotonic() > deadline:
                raise ServeError(
                    f"HAProxy 没有在端口 {self.port} 上启动（{self.runtime / 'haproxy.log'}）。",
                    f"HAProxy did not start on port {self.port} (see "
                    f"{self.runtime / 'haproxy.log'}); is the port taken?",
                )
            time.sleep(0.2)
        self.write_status()

    def _spawn(self, backend: Backend) -> None:
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(SERVER_SCRIPT),
            *self.streamlit_arguments,
            "--server.port",
            str(backend.port),
            "--server.address",
            "127.0.0.1",
        ]
        environment = {
            **self.environment,
            LIMITS_VARIABLE: self.limits.setting(),
            "TUOPIN_PROCESS_NAME": backend.name,
        }
        with backend.log.open("a") as log:
            # Streamlit reads .streamlit/config.toml from the working directory: the project.
            backend.process = subprocess.Popen(
                command, cwd=PROJECT_ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT
            )
        backend.started_at = time.monotonic()

    def _wait_healthy(self, backend: Backend) -> None:
        deadline = time.monotonic() + START_SECONDS
        while not healthy(backend.base):
            if backend.process.poll() is not None or time.monotonic() > deadline:
                tail = "\n".join(backend.log.read_text(errors="replace").splitlines()[-15:])
                raise ServeError(
                    f"服务进程 {backend.name}（端口 {backend.port}）没有启动：\n{tail}",
                    f"Server process {backend.name} (port {backend.port}) did not start:\n{tail}",
                )
            time.sleep(0.3)

    def write_status(self) -> None:
        """processes.json in the runtime folder: the public address, the socket, each process."""
        status = {
            "public": self.public_base,
            "socket": str(self.socket_path),
            "supervisor_pid": os.getpid(),
            "haproxy_pid": self.haproxy.pid if self.haproxy else None,
            "limits": self.limits.setting(),
            "processes": [
                {
                    "name": backend.name,
                    "port": backend.port,
                    "pid": backend.process.pid if backend.process else None,
                    "restarts": backend.restarts,
                }
                for backend in self.backends
            ],
        }
        partial = self.runtime / f".{STATUS_FILE}.partial"
        partial.write_text(json.dumps(status, indent=2), encoding="utf-8")
        os.replace(partial, self.runtime / STATUS_FILE)

    def check_once(self) -> list[str]:
        """Restart every process that died (not one the rolling restart is handling); what
        was restarted."""
        restarted = []
        with self._lock:
            for backend in self.backends:
                if backend.restarting or backend.process is None:
                    continue
                if backend.process.poll() is None:
                    continue
                lived = time.monotonic() - backend.started_at
                code = backend.process.returncode
                print(
                    f"· 进程 {backend.name} 退出（{code}），重新启动 / process {backend.name} "
                    f"exited ({code}) after {lived:.0f} s: restarting",
                    file=sys.stderr,
                    flush=True,
                )
                time.sleep(RESTART_DELAY_SECONDS * (2 if lived < 10 else 1))
                backend.restarts += 1
                self._spawn(backend)
                restarted.append(backend.name)
            if self.haproxy is not None and self.haproxy.poll() is not None:
                print("· HAProxy 退出，重新启动 / HAProxy exited: restarting", file=sys.stderr)
                with (self.runtime / "haproxy.log").open("a") as log:
                    self.haproxy = subprocess.Popen(
                        [haproxy_command(), "-db", "-f", str(self.runtime / "haproxy.cfg")],
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                restarted.append("haproxy")
            if restarted:
                self.write_status()
        return restarted

    def rolling_restart(self, drain_seconds: float = DRAIN_SECONDS) -> None:
        """Restart every process in turn while the others serve, through the runtime API.

        For each: `drain` (no new tab goes there; its own tabs stay), wait `drain_seconds`,
        `maint` (its tabs' next connection goes to another process, signed in by cookie), stop
        it (SIGTERM), start it, wait until it is healthy, `ready`.
        """
        for backend in self.backends:
            with self._lock:
                backend.restarting = True
            try:
                set_server_state(self.socket_path, backend.name, "drain")
                time.sleep(drain_seconds)
                set_server_state(self.socket_path, backend.name, "maint")
                stop_process(backend.process)
                backend.restarts += 1
                self._spawn(backend)
                self._wait_healthy(backend)
                set_server_state(self.socket_path, backend.name, "ready")
                self._wait_up(backend)
                self.write_status()
            finally:
                with self._lock:
                    backend.restarting = False

    def _wait_up(self, backend: Backend, seconds: float = 10.0) -> None:
        """Until HAProxy's health check sees `backend` UP again (it sends it new tabs then)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            state = server_states(self.socket_path).get(backend.name, {})
            if state.get("status", "").startswith("UP"):
                return
            time.sleep(0.2)

    def stop(self) -> None:
        """Stop HAProxy first (no new request), then every process."""
        if self.haproxy is not None:
            stop_process(self.haproxy)
        for backend in self.backends:
            if backend.process is not None:
                stop_process(backend.process)


def stop_process(process: subprocess.Popen, seconds: float = 20.0) -> None:
    """SIGTERM, then SIGKILL after `seconds`."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def supervise(cluster: Cluster, poll_seconds: float = 0.5) -> int:
    """Start the cluster and keep it running until SIGTERM or SIGINT; SIGHUP restarts every
    process in turn (a rolling restart). Returns the exit code."""
    stopping = threading.Event()
    rolling = threading.Event()

    def on_stop(_signal, _frame) -> None:
        stopping.set()

    def on_hangup(_signal, _frame) -> None:
        rolling.set()

    signal.signal(signal.SIGTERM, on_stop)
    signal.signal(signal.SIGINT, on_stop)
    signal.signal(signal.SIGHUP, on_hangup)
    try:
        cluster.start()
        print(
            f"{cluster.processes} 个服务进程，HAProxy 在 {cluster.public_base} / "
            f"{cluster.processes} server processes behind HAProxy on {cluster.public_base} "
            f"(DuckDB per process: {cluster.limits.setting()}; runtime API: "
            f"{cluster.socket_path}; kill -HUP {os.getpid()} restarts them one by one)",
            flush=True,
        )
        worker: threading.Thread | None = None
        while not stopping.wait(poll_seconds):
            cluster.check_once()
            if rolling.is_set() and (worker is None or not worker.is_alive()):
                rolling.clear()
                worker = threading.Thread(target=_rolling, args=(cluster,), daemon=True)
                worker.start()
        return 0
    finally:
        cluster.stop()


def _rolling(cluster: Cluster) -> None:
    started = time.monotonic()
    print("· 逐个重启服务进程 / rolling restart …", file=sys.stderr, flush=True)
    try:
        cluster.rolling_restart()
    except TuopinError as error:
        print(f"错误：{error.message_zh}\nError: {error.message_en}", file=sys.stderr, flush=True)
        return
    print(
        f"  rolling restart done in {time.monotonic() - started:.1f} s", file=sys.stderr, flush=True
    )
