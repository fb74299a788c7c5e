"""What the browser tests share: a real `tuopin serve` on a free port, Debian's Chromium, and
signing in, waiting for a run and screenshots."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SERVER_START_SECONDS = 60  # a cold start on a busy 2-core machine takes some seconds
# Chromium without its calls home: this machine's network is closed, and so is an intranet's.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def tuopin_server(data_dir: Path, log_name: str, *options: str, **env: str) -> Iterator[str]:
    """`tuopin serve` over `data_dir` until the block ends; yields its base URL.

    `options` go to `tuopin serve` (`"--no-auth"`: the demo without sign-in, as the page tests
    use it; without it the demo asks for sign-in and prints its accounts into the log). The
    server's output goes to test-output/<log_name>; `env` adds environment variables (e.g.
    TUOPIN_INSTANCE for a test's own accounts).
    """
    port = free_port()
    (ROOT / "test-output").mkdir(exist_ok=True)
    command = [sys.executable, "-m", "dashboard.cli", "serve", "--data", str(data_dir)]
    command += [*options, "--"]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    with (ROOT / "test-output" / log_name).open("w") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **env}
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    process.kill()
                    pytest.fail(
                        f"tuopin serve did not answer on {base} within {SERVER_START_SECONDS} s"
                    )
                time.sleep(0.5)
        try:
            yield base
        finally:
            process.terminate()
            process.wait(timeout=20)


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, launched by Playwright (no browser download)."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def wait_for_run(page: Page) -> None:
    """Wait until the page's script has run to its end (a title drawn, then `notRunning`)."""
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']")
    page.wait_for_selector("[data-testid='stMain'] h1, [data-testid='stMain'] h2", timeout=60_000)
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000
    )


def main_text(page: Page) -> str:
    """What the page's main area says (not the sidebar)."""
    return page.inner_text("[data-testid='stMain']")


def sign_in(page: Page, base: str, name: str, password: str) -> None:
    """Sign in through the server's own form (/auth/sign-in), as a person does."""
    page.goto(f"{base}/auth/sign-in")
    page.fill("#name", name)
    page.fill("#password", password)
    page.click("button[type=submit]")


def shoot(page: Page, path: Path) -> None:
    """A screenshot of the whole page: Streamlit scrolls inside its own container, so the
    viewport is made as tall as the page's main area first."""
    height = page.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollHeight")
    width = page.viewport_size["width"] if page.viewport_size else 1400
    page.set_viewport_size({"width": width, "height": min(max(900, height + 40), 8000)})
    page.wait_for_timeout(500)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path)
    page.set_viewport_size({"width": width, "height": 900})
