"""`tuopin` run as a separate process from the project's root, as a user types it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).resolve().with_name("run_tuopin.py")  # tuopin with `import` registered


def tuopin(*arguments: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `tuopin <arguments>` and return what it printed and its exit code."""
    return subprocess.run(
        [sys.executable, str(RUNNER), *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
