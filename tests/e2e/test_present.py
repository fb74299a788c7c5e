"""End to end: /present in Debian's Chromium against `tuopin serve`, the network blocked.

Every slide is reached with the keyboard (ArrowRight) and must show its title and its drawn
Plotly charts; the wall display (`?wall=1`) loads dark; the PDF and PNG downloads arrive.
Requests that do not go to localhost are aborted and recorded (`live.offline_page`, as in
test_browser.py). Screenshots go to test-output/e2e/present-<n>.png.
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from pathlib import Path

import pytest
from e2e.live import ROOT, new_context, offline_page, tuopin_server
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.evaluation.expected import DECK_TITLES as TITLES

pytestmark = pytest.mark.e2e

SCREENSHOTS = ROOT / "test-output" / "e2e"
CHARTS = [0, 1, 2, 2, 1, 1, 1, 0, 0]  # Plotly charts per slide (slide 4: the map and the bars)
MAIN = "[data-testid='stMain']"


@pytest.fixture(scope="module")
def server(demo_dir):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with tuopin_server(demo_dir, "e2e-present-server.log", "--no-auth") as base:
        yield base


@pytest.fixture
def page(browser):
    """A page whose every request off this machine is aborted and remembered."""
    context = new_context(browser, viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    yield offline_page(context)
    context.close()


def wait_for_run(page: Page) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']")
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000
    )
    page.wait_for_selector(f"{MAIN} h1", timeout=60_000)


def counter(page: Page) -> str:
    return re.sub(r"\s+", " ", page.inner_text(".tuopin-counter")).strip()


DRAWN_CHARTS_JS = """() => [...document.querySelectorAll("[data-testid='stPlotlyChart']")]
    .filter((chart) => chart.querySelectorAll(
        "svg.main-svg .trace path, svg.main-svg .slice path, svg.main-svg .layer path"
    ).length > 0).length"""


def drawn_charts(page: Page) -> int:
    """Plotly charts on the page that have drawn marks (bars, slices, lines, map shapes)."""
    return page.evaluate(DRAWN_CHARTS_JS)


def wait_for_charts(page: Page, count: int, timeout: int = 30_000) -> None:
    """Wait until at least `count` charts have drawn marks: Plotly draws after the run ends."""
    page.wait_for_function(f"({DRAWN_CHARTS_JS})() >= {int(count)}", timeout=timeout)


def test_every_slide_renders_walking_with_the_keyboard(server, page):
    page.goto(f"{server}/present?period=2018H1")
    wait_for_run(page)
    assert counter(page) == "第 1 / 9 页"
    for number, (title, charts) in enumerate(zip(TITLES, CHARTS, strict=True), 1):
        if number > 1:
            page.locator(MAIN + " h1").click()  # focus the page, not a text field
            page.keyboard.press("ArrowRight")
            page.wait_for_function(
                "(n) => (document.querySelector('.tuopin-counter') || {}).innerText"
                "?.replace(/\\s+/g, ' ').includes(`第 ${n} / 9 页`)",
                arg=number,
                timeout=60_000,
            )
            wait_for_run(page)
        page.wait_for_function(
            "(t) => document.querySelector(\"[data-testid='stMain'] h1\")?.innerText.trim() === t",
            arg=title,
            timeout=30_000,
        )
        if charts:
            page.wait_for_function(
                """(n) => [...document.querySelectorAll("[data-testid='stPlotlyChart']")]
                    .filter((c) => c.querySelector("svg.main-svg")).length >= n""",
                arg=charts,
                timeout=30_000,
            )
            page.wait_for_timeout(800)  # Plotly finishes its marks after the svg appears
        assert counter(page) == f"第 {number} / 9 页"
        wait_for_charts(page, charts)
        assert drawn_charts(page) == charts, f"slide {number}"
        assert "Traceback" not in page.inner_text(MAIN)
        assert page.locator("[data-testid='stException']").count() == 0
        page.screenshot(path=str(SCREENSHOTS / f"present-{number}.png"), full_page=True)
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(
        "() => document.querySelector('.tuopin-counter')?.innerText.includes('8 / 9')",
        timeout=60_000,
    )
    assert page.blocked_requests == []


def test_wall_display_is_dark_and_offline(server, page):
    page.goto(f"{server}/present?wall=1")
    wait_for_run(page)
    app_background = (
        "getComputedStyle(document.querySelector(\"[data-testid='stApp']\")).backgroundColor"
    )
    # The style arrives with the page's run; on a busy machine a little after the run is over.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(f"{app_background} === 'rgb(14, 23, 38)'", timeout=15_000)
    assert page.evaluate(app_background) == "rgb(14, 23, 38)"  # #0E1726
    assert page.inner_text(f"{MAIN} h1").strip() == "主要指标及本期变化"  # the first wall slide
    wait_for_charts(page, 1)
    assert drawn_charts(page) == 1
    page.screenshot(path=str(SCREENSHOTS / "present-wall.png"), full_page=True)
    assert page.blocked_requests == []


def test_pdf_and_chart_pngs_download(server, page):
    page.goto(f"{server}/present?period=2018H1")
    wait_for_run(page)
    with page.expect_download(timeout=180_000) as pdf_download:
        page.get_by_role("button", name="下载演示文稿 PDF").click()
    pdf = Path(pdf_download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert pdf_download.value.suggested_filename == "tuopin_2018H1_town.pdf"
    with page.expect_download(timeout=180_000) as png_download:
        page.get_by_role("button", name="下载全部图表 PNG（.zip）").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(png_download.value.path()).read_bytes()))
    assert len(archive.namelist()) == 8
    assert all(archive.read(n).startswith(b"\x89PNG") for n in archive.namelist())
    assert page.blocked_requests == []
