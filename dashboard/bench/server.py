"""The server a load run talks to: `tuopin serve` in a subprocess, and its memory.

A real `tuopin serve` is started on a free port with its own fresh instance folder, so the
data's accounts, sessions and audit log are neither read nor written; with `processes` > 1 it
is N Streamlit processes behind HAProxy (`dashboard/serving.py`). Memory is the server's
resident set: the kernel's high-water mark of the server process (VmHWM) and the sampled sum
over it and all its children (HAProxy and every Streamlit process), whichever is larger
(Linux /proc).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from dashboard.access.demo_accounts import DEMO_ACCOUNTS_FILE
from dashboard.errors import TuopinError
from dashboard.serving import RUNTIME_FOLDER, STATUS_FILE
from dashboard.snapshots import PROJECT_ROOT

SERVER_START_SECONDS = 180.0  # the province's first serve makes its demo accounts (~1 min)
MEMORY_SAMPLE_SECONDS = 0.2  # how often the server tree's resident set is sampled
# How often the Streamlit processes' CPU time is read: the kernel counts it in ticks of
# 10 ms, and a page run lasts a second or more, so ten samples a second share it out finely.
CPU_SAMPLE_SECONDS = 0.1
HEALTH_PATH = "/_stcore/health"
LOG_FOLDER = "test-output"  # the servers' logs, beside the tests' output (not committed)


class LoadError(TuopinError):
    """The load run could not start: no server, no account, an unknown page."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    base: str
    process: subprocess.Popen
    instance: Path
    log: Path
    start_seconds: float
    processes: int = 1

    def status(self) -> dict:
        """`tuopin serve --processes`' processes.json: each process's name, port and pid."""

        return json.loads((self.instance / RUNTIME_FOLDER / STATUS_FILE).read_text("utf-8"))


def _wait_for_status(
    instance: Path, processes: int, process: subprocess.Popen, log_path: Path
) -> None:

    path = instance / RUNTIME_FOLDER / STATUS_FILE
    deadline = time.monotonic() + SERVER_START_SECONDS
    while not path.is_file():
        if process.poll() is not None or time.monotonic() > deadline:
            raise LoadError(
                f"tuopin serve --processes {processes} 没有启动：\n{_tail(log_path)}",
                f"tuopin serve --processes {processes} did not start:\n{_tail(log_path)}",
            )
        time.sleep(0.3)


@contextmanager
def tuopin_server(
    data_dir: Path, *, port: int | None = None, no_auth: bool = False, processes: int = 1
) -> Iterator[Server]:
    """`tuopin serve --data DIR` in a subprocess on `port` (a free one by default).

    Its instance folder is a fresh temporary one ($TUOPIN_INSTANCE), removed afterwards: the
    run's demo accounts, sessions and audit entries never touch the data's own instance. The
    server's output is kept in test-output/ (a page's traceback is there, not on the page).
    """
    port = port or free_port()
    scratch = Path(tempfile.mkdtemp(prefix="tuopin-load-"))
    instance = scratch / "instance"
    (PROJECT_ROOT / LOG_FOLDER).mkdir(exist_ok=True)
    log_path = PROJECT_ROOT / LOG_FOLDER / f"load-server-{port}.log"
    command = [sys.executable, "-m", "dashboard.cli", "serve", "--data", str(data_dir)]
    command += ["--no-auth"] if no_auth else []
    if processes > 1:  # N processes behind HAProxy on the port (dashboard/serving.py)
        command += ["--processes", str(processes), "--port", str(port), "--address", "127.0.0.1"]
    else:
        command += ["--", "--server.port", str(port), "--server.address", "127.0.0.1"]
    environment = {**os.environ, "TUOPIN_INSTANCE": str(instance), "TUOPIN_DATA": str(data_dir)}
    started = time.monotonic()
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT, env=environment
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(base, process, log_path)
        if processes > 1:  # HAProxy answers once every process is healthy: wait for all
            _wait_for_status(instance, processes, process, log_path)
        yield Server(base, process, instance, log_path, time.monotonic() - started, processes)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(scratch, ignore_errors=True)  # the demo passwords go with it


def _wait_for_health(base: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while True:
        if process.poll() is not None:
            raise LoadError(
                f"tuopin serve 启动失败（退出码 {process.returncode}）：\n{_tail(log_path)}",
                f"tuopin serve stopped with exit code {process.returncode}:\n{_tail(log_path)}",
            )
        try:
            with urllib.request.urlopen(base + HEALTH_PATH, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise LoadError(
                    f"tuopin serve 在 {SERVER_START_SECONDS:.0f} 秒内没有响应 {base}。",
                    f"tuopin serve did not answer on {base} within {SERVER_START_SECONDS:.0f} s.",
                ) from None
            time.sleep(0.5)


def _tail(path: Path, lines: int = 20) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def demo_password(instance: Path, account: str) -> str:
    """The password `tuopin serve` made for a demo account in this instance folder."""
    path = instance / DEMO_ACCOUNTS_FILE
    if path.is_file():
        for entry in json.loads(path.read_text(encoding="utf-8"))["accounts"]:
            if entry["name"] == account:
                return entry["password"]
    raise LoadError(
        f"没有演示账号 {account}（{path}）。",
        f"No demo account {account} in {path}.",
    )


class MemoryWatch:
    """The peak resident set of a process and its children, sampled in a thread.

    The kernel keeps the process's own peak (VmHWM), so a spike between two samples is not
    missed for the server itself; children (if any) are summed at each sample.
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_bytes = max(self.peak_bytes, _status_kb(self.pid, "VmHWM") * 1024)

    def _run(self) -> None:
        while not self._stop.wait(MEMORY_SAMPLE_SECONDS):
            tree = sum(_status_kb(pid, "VmRSS") for pid in _process_tree(self.pid))
            self.peak_bytes = max(self.peak_bytes, tree * 1024)


class CpuWatch:
    """The CPU time (user + system) each Streamlit process of `server` spends, sampled.

    `samples` is a list of (time.monotonic(), {process name: CPU seconds since the watch
    began}); the name is HAProxy's cookie for the process (None for a single server). The
    figure does not depend on what else runs on the machine as wall times do: it is the work
    the server did. A process restarted during the watch (a fault run) keeps counting from
    where its predecessor's last sample left it (the dead one's last tenth of a second is lost).
    """

    def __init__(self, server: Server) -> None:
        self.server = server
        self.samples: list[tuple[float, dict[str | None, float]]] = []
        self._seen: dict[str | None, tuple[int, float, float]] = {}  # name → pid, base, last
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> CpuWatch:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    @property
    def seconds(self) -> float:
        """The CPU seconds all processes spent between the first sample and the last."""
        return sum(self.samples[-1][1].values()) if self.samples else 0.0

    def _processes(self) -> dict[str | None, int]:
        if self.server.processes == 1:
            return {None: self.server.process.pid}
        try:
            entries = self.server.status()["processes"]
        except (OSError, ValueError):  # being rewritten at this moment: the last ones known
            return {name: pid for name, (pid, _, _) in self._seen.items()}
        return {entry["name"]: entry["pid"] for entry in entries if entry["pid"]}

    def sample(self) -> None:
        now = time.monotonic()
        counted: dict[str | None, float] = {}
        for name, pid in self._processes().items():
            cpu = cpu_seconds(pid)
            seen = self._seen.get(name)
            if cpu is None:  # gone (killed, restarting): its count stands where it was
                if seen is not None:
                    counted[name] = seen[2]
                continue
            if seen is None:  # the first sample: the watch counts from here
                base = -cpu
            elif seen[0] != pid:  # restarted: the new process counts on from the old's last
                base = seen[2]
            else:
                base = seen[1]
            self._seen[name] = (pid, base, base + cpu)
            counted[name] = base + cpu
        self.samples.append((now, counted))

    def _run(self) -> None:
        while not self._stop.wait(CPU_SAMPLE_SECONDS):
            self.sample()


def cpu_seconds(pid: int) -> float | None:
    """A process's user + system CPU seconds so far (/proc/PID/stat), None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    # After the command's closing parenthesis: state is field 3, utime 14 and stime 15.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _process_tree(pid: int) -> list[int]:
    found, waiting = [], [pid]
    while waiting:
        current = waiting.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                waiting += [int(child) for child in task.read_text().split()]
            except OSError:
                continue
    return found


def process_bases(server: Server) -> list[str]:
    """The address of each server process: behind HAProxy, each one's private port."""
    if server.processes == 1:
        return [server.base]
    return [f"http://127.0.0.1:{entry['port']}" for entry in server.status()["processes"]]
