"""Fixtures of the browser tests: one Chromium per module (`browser`), and a browser session of
its own for a test (`context`).

A module's browser is closed when the module ends, so no Playwright event loop outlives the
browser tests into the other tests of the same worker.
"""

from __future__ import annotations

import pytest
from e2e.live import chromium, new_context


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
