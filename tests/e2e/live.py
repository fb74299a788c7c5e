"""What the browser tests share: a real `tuopin serve` on a free port, Debian's Chromium, test
accounts, signing in and out, waiting for a run and screenshots.

Signing in is done one way everywhere, through the server's own form as a person does it:
`sign_in` on a page, or `signed_in` for a browser session of its own already signed in."""

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
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from dashboard.access import accounts
from dashboard.access.store import open_store

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
PASSWORD = "correct horse battery"  # every test account's: long enough for the password rules
VIEWPORT = {"width": 1400, "height": 900}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
# Streamlit draws a lazily loaded element (a chart, a card with a change) as this placeholder
# until its code has arrived: a screenshot or a click waits for none to be left.
NO_PLACEHOLDER = "() => !document.querySelector(\"[data-testid='stSkeleton']\")"
# Resolves once the browser has laid out and painted twice since it was asked: a resized
# window has been drawn at its new size.
PAINTED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


@dataclass(frozen=True)
class Account:
    """A test account: a name, its roles, its area ('' everything) and, for a helper, his id."""

    name: str
    roles: tuple[str, ...]
    area: str = ""
    helper_id: str | None = None


def add_accounts(folder: Path, *wanted: Account, password: str = PASSWORD) -> Path:
    """An instance folder holding these accounts (the server's TUOPIN_INSTANCE); returns it."""
    store = open_store(folder=folder)
    for account in wanted:
        accounts.add_user(
            store,
            account.name,
            password,
            roles=account.roles,
            area=account.area,
            helper_id=account.helper_id,
            actor="test",
        )
    return folder


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
def server_with_accounts(
    data_dir: Path, instance: Path, log_name: str, *wanted: Account, **env: str
) -> Iterator[str]:
    """`tuopin serve` over `data_dir` with sign-in on: `instance` (the server's
    TUOPIN_INSTANCE) holds these accounts; `env` adds environment variables. Yields its base
    URL."""
    add_accounts(instance, *wanted)
    with tuopin_server(data_dir, log_name, TUOPIN_INSTANCE=str(instance), **env) as base:
        yield base


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


def new_context(browser: Browser, **options) -> BrowserContext:
    """A browser session of its own (its own cookies): 1400×900, Chinese, unless `options`
    say otherwise."""
    return browser.new_context(**{"viewport": VIEWPORT, "locale": "zh-CN", **options})


def offline_page(context: BrowserContext) -> Page:
    """A page of `context` whose every request off this machine is aborted and remembered in
    `page.blocked_requests`, so a page that needs a CDN fails its test."""
    blocked: list[str] = []

    def guard(route):
        url = route.request.url
        if (urlparse(url).hostname or "") in LOCAL_HOSTS or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.blocked_requests = blocked
    return page


def fill_sign_in_form(page: Page, name: str, password: str = PASSWORD) -> str:
    """Type a name and password into the sign-in form the page shows and send it; what the
    page says after (a refusal stays on the form, a success lands on the dashboard)."""
    page.fill("#name", name)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page.inner_text("body")


def sign_in(page: Page, base: str, name: str, password: str = PASSWORD) -> str:
    """Sign in through the server's own form (/auth/sign-in), as a person does; what the page
    says after (`登录失败` when refused)."""
    page.goto(f"{base}/auth/sign-in")
    return fill_sign_in_form(page, name, password)


def sign_in_and_land(
    page: Page, base: str, name: str, password: str = PASSWORD, *, landing: str = "**"
) -> None:
    """Sign in through the server's own form, then wait until the page is at `base/landing`
    (a glob; `""` is the home page, whatever parameters the page then adds to its address)
    and its run is over. Fails, with what the page said, when the sign-in is refused."""
    answer = sign_in(page, base, name, password)
    assert "登录失败" not in answer, answer
    if landing:
        page.wait_for_url(f"{base}/{landing}")
    else:
        landed_home(page, base)
    wait_for_run(page)


def signed_in(
    browser: Browser,
    base: str,
    name: str,
    password: str = PASSWORD,
    *,
    landing: str = "**",
    **options,
) -> tuple[BrowserContext, Page]:
    """A browser session of its own, signed in as `name` and landed (`sign_in_and_land`).
    `options` go to `new_context`. The caller closes the context."""
    context = new_context(browser, **options)
    page = context.new_page()
    sign_in_and_land(page, base, name, password, landing=landing)
    return context, page


def landed_home(page: Page, base: str, timeout: float = 30_000) -> None:
    """Wait until the page is at the home page `base/`: the overview writes its snapshot and
    area into the address right after it loads (`/?snapshot=…&area=`), so an exact `base/`
    may already be gone when the wait starts."""
    page.wait_for_url(
        lambda url: url.split("?", 1)[0].split("#", 1)[0] == f"{base}/", timeout=timeout
    )


def sign_out(page: Page, base: str) -> str:
    """Sign out through the server's own page; what it says after (`已退出`)."""
    page.goto(f"{base}/auth/sign-out")
    page.click("button[type=submit]")
    return page.inner_text("body")


def shoot(page: Page, path: Path) -> None:
    """A screenshot of the whole page: Streamlit scrolls inside its own container, so the
    viewport is made as tall as the page's main area first."""
    height = page.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollHeight")
    width = page.viewport_size["width"] if page.viewport_size else 1400
    page.set_viewport_size({"width": width, "height": min(max(900, height + 40), 8000)})
    page.evaluate(PAINTED)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path)
    page.set_viewport_size({"width": width, "height": 900})
