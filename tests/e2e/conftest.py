"""Fixtures of the browser tests: one Chromium per module (`browser`).

A module's browser is closed when the module ends, so no Playwright event loop outlives the
browser tests into the other tests of the same worker."""

from __future__ import annotations

import pytest
from e2e.live import chromium


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, for the module's tests."""
    with chromium() as launched:
        yield launched
