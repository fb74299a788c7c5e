"""Fixtures of the browser tests: one Chromium per module (`browser`), and a browser session of
its own for a test (`context`).

A module's browser is closed when the module ends, so no Playwright event loop outlives the
browser tests into the other tests of the same worker.

Each module's tests are one xdist group: under `--dist loadgroup` (`python3 dev.py test`) they
run on one worker, so the module's server and browser start once, not once on each worker
that happens to get one of its tests (a start is 5 to 60 s on a busy 2-core machine, and the
server's first pages run cold after it).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from e2e.live import chromium, new_context

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.parent == HERE and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(f"e2e-{item.path.stem}"))


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, for the module's tests."""
    with chromium() as launched:
        yield launched


@pytest.fixture
def context(browser):
    """A browser session of the test's own (its own cookies, nobody signed in), closed after."""
    context = new_context(browser)
    yield context
    context.close()
