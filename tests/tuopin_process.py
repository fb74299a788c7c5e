"""`tuopin` run as a user runs it: a process of its own, from the project's folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def tuopin(*arguments: str, timeout: int = 120) -> subprocess.CompletedProcess:
    """`tuopin ARGUMENTS`, its output captured as text; its exit code is for the test to read."""
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
