"""The monitoring page (/monitoring) in a real browser against a real server on the demo town
of 2025: it draws its charts and lists offline, with no error, and leaves a screenshot in
test-output/ to look at."""

from __future__ import annotations

import pytest
from e2e.live import ROOT, main_text, shoot, tuopin_server, wait_for_run

pytestmark = pytest.mark.e2e


def test_monitoring_page_on_the_demo(full_demo_dir, browser):
    with tuopin_server(full_demo_dir, "monitoring-browser.log", "--no-auth") as base:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        requested = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(f"{base}/monitoring?snapshot=2025-12-31", timeout=120_000)
        wait_for_run(page)
        page.wait_for_selector(".js-plotly-plot", timeout=60_000)
        body = main_text(page)
        assert "防返贫监测" in body
        assert "风险消除率" in body
        assert "走访名单" in body
        assert "Traceback" not in body and "Error" not in body
        shoot(page, ROOT / "test-output" / "monitoring-demo-2025.png")
        # The demo opens on the report's 2018-06-30, before the mechanism: the page says so.
        page.goto(f"{base}/monitoring?snapshot=2018-06-30", timeout=120_000)
        wait_for_run(page)
        assert "2021 年及以后的快照" in main_text(page)
        outside = [url for url in requested if not url.startswith(base) and url.startswith("http")]
        assert outside == []  # nothing from a CDN or a tile server
