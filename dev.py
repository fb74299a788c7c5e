#!/usr/bin/env python3
"""The project's task runner: `python3 dev.py serve` and `python3 dev.py test`.

Needs only Python 3.11+. It bootstraps uv into `.tools/` when uv is not on PATH, installs the
locked dependencies with the Python that runs this script, then runs the task.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
TOOLS = ROOT / ".tools"
# Debian's packages the tests drive: the browser tests' Chromium and CJK fonts, LibreOffice
# with poppler to turn the generated deck into PDF and PNG pages, and the PostgreSQL 15 server
# the state-store tests start (its binaries are not on PATH, hence the full path below).
SYSTEM_PACKAGES = (
    "chromium",
    "fonts-noto-cjk",
    "haproxy",
    "libreoffice-impress",
    "libreoffice-writer",
    "poppler-utils",
    "postgresql",
)
SYSTEM_COMMANDS = (
    "chromium",
    "fc-list",
    "soffice",
    "pdftoppm",
    "/usr/lib/postgresql/15/bin/initdb",
    "/usr/sbin/haproxy",  # tuopin serve --processes N (not on a user's PATH in Debian)
)


def uv() -> str:
    """The uv executable: on PATH, or installed once into .tools/ with pip."""
    found = shutil.which("uv")
    if found:
        return found
    local = TOOLS / ("Scripts" if os.name == "nt" else "bin") / "uv"
    if not local.exists():
        print("· bootstrapping uv into .tools/", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(TOOLS)], check=True)
        pip = TOOLS / ("Scripts" if os.name == "nt" else "bin") / "pip"
        subprocess.run([str(pip), "install", "--quiet", "uv"], check=True)
    return str(local)


def run(*command: str) -> None:
    print("·", " ".join(command), flush=True)
    completed = subprocess.run(command, cwd=ROOT)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def sync() -> str:
    """Install the locked environment with this very interpreter (never a downloaded Python)."""
    tool = uv()
    os.environ.setdefault("UV_PYTHON_DOWNLOADS", "never")
    run(tool, "sync", "--locked", "--python", sys.executable)
    return tool


def missing_packages() -> list[str]:
    """The Debian packages not installed (none known missing where there is no dpkg)."""
    if not shutil.which("dpkg-query"):
        return []
    missing = []
    for package in SYSTEM_PACKAGES:
        status = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True
        )
        if "install ok installed" not in status.stdout:
            missing.append(package)
    return missing


def ensure_system_packages() -> None:
    """Install the Debian packages the tests drive where we may (root), else say how."""
    if all(shutil.which(command) for command in SYSTEM_COMMANDS) and not missing_packages():
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        run("apt-get", "update", "-qq")
        run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *SYSTEM_PACKAGES)
        return
    sys.exit(
        "The tests need Debian's chromium, fonts-noto-cjk, haproxy, libreoffice-impress, "
        "libreoffice-writer, poppler-utils and postgresql: "
        f"sudo apt-get install {' '.join(SYSTEM_PACKAGES)}"
    )


def serve(arguments: list[str]) -> None:
    tool = sync()
    run(tool, "run", "--locked", "tuopin", "serve", *arguments)


def test(arguments: list[str]) -> None:
    tool = sync()
    ensure_system_packages()
    run(tool, "run", "--locked", "ruff", "check", ".")
    run(tool, "run", "--locked", "ruff", "format", "--check", ".")
    # The suite in parallel, a worker per core up to four (pytest-xdist): most of it waits on
    # one core (a browser, a server, a single DuckDB query), so two workers on two cores take
    # 17 minutes where one took 27. `-n 0` (or any -n) given on the command line wins.
    workers = [] if any(a.startswith(("-n", "--numprocesses")) for a in arguments) else PARALLEL
    run(tool, "run", "--locked", "pytest", *workers, *arguments)


PARALLEL = ["--numprocesses", "auto", "--maxprocesses", "4"]


TASKS = {"serve": serve, "test": test}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in TASKS:
        sys.exit(f"usage: python3 dev.py {{{'|'.join(TASKS)}}} [arguments]")
    TASKS[sys.argv[1]](sys.argv[2:])
