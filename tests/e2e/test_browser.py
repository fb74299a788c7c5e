"""End to end: `tuopin serve` on a free port, Debian's Chromium driving it, the network blocked.

Every request that does not go to localhost is aborted and recorded, so a page that needs a
CDN fails here. Screenshots go to test-output/e2e/ for people to look at.
"""

from __future__ import annotations

import pytest
from e2e.live import NO_PLACEHOLDER, ROOT, offline_page, tuopin_server
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.e2e

SCREENSHOTS = ROOT / "test-output" / "e2e"


@pytest.fixture(scope="module")
def server(demo_dir):
    """A real `tuopin serve` over the demo, stopped after the module."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with tuopin_server(demo_dir, "e2e-server.log", "--no-auth") as base:
        yield base


@pytest.fixture
def page(context):
    """A page whose every request off this machine is aborted and remembered."""
    return offline_page(context)


def open_page(page: Page, url: str) -> None:
    """Load a URL and wait until Streamlit has finished running the page's script."""
    page.goto(url)
    wait_for_run(page)


def wait_for_run(page: Page) -> None:
    """Wait until the page's script has really run to its end.

    `notRunning` is also the state before the first run starts, so first wait for the page's
    title (every page has one: the run has begun), then for `notRunning` again (it is over).
    """
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']")
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=60_000)
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000
    )
    page.wait_for_timeout(800)  # let Plotly finish drawing after the script is done


def wait_for_text(page: Page, text: str, timeout: int = 30_000) -> None:
    """Wait until `text` shows in the page (charts draw a moment after the script ends)."""
    page.wait_for_function(
        "text => document.body.innerText.includes(text)", arg=text, timeout=timeout
    )


def main_text(page: Page) -> str:
    return page.inner_text("[data-testid='stMain']")


DRAWN_CHARTS_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].filter(plot =>
    plot.querySelectorAll('path.point, path.js-line, path.js-fill, .heatmaplayer image,'
      + ' .bars path, .scatterlayer path').length > 0).length"""


def drawn_charts(page: Page) -> int:
    """How many Plotly charts have drawn marks (bars, lines, areas or cells) into their SVG."""
    return page.evaluate(DRAWN_CHARTS_JS)


def wait_for_charts(page: Page, count: int, timeout: int = 30_000) -> None:
    """Wait until at least `count` charts have drawn: Plotly loads and draws after the run."""
    page.wait_for_function(f"({DRAWN_CHARTS_JS})() >= {int(count)}", timeout=timeout)


def shoot(page: Page, name: str) -> None:
    """A screenshot of the whole app: the page scrolls inside Streamlit's own container."""
    height = page.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(max(900, height + 40), 6000)})
    page.wait_for_timeout(300)
    page.screenshot(path=SCREENSHOTS / f"{name}.png")
    page.set_viewport_size({"width": 1400, "height": 900})


def test_overview_renders_offline_with_the_reports_numbers(server, page):
    """The overview loads with no network beyond localhost and shows 650 / 1,372 / 445 / 205."""
    open_page(page, f"{server}/")
    wait_for_text(page, "300 人")  # the last card drawn
    body = main_text(page)
    for expected in (
        "650 户",
        "1,372 人",
        "445 户",
        "205 户",
        "205 户 · 526 人",
        "演示数据",
        "300 人",
    ):
        assert expected in body
    assert "Traceback" not in body
    wait_for_charts(page, 1)
    shoot(page, "overview-zh")
    assert page.blocked_requests == []


def test_language_and_snapshot_switch(server, page):
    """English and an earlier snapshot chosen in the URL; then Chinese chosen by its widget."""
    open_page(page, f"{server}/?lang=en&snapshot=2016-12-31")
    wait_for_text(page, "Registered households")
    body = main_text(page)
    assert "As of 31 Dec 2016" in body
    shoot(page, "overview-en-2016-12-31")
    page.get_by_text("中文", exact=True).click()
    page.wait_for_function("document.body.innerText.includes('建档立卡贫困户')", timeout=30_000)
    # The URL is rewritten after the rerun that draws the page: wait for it, do not race it.
    page.wait_for_function("location.search.includes('lang=zh')", timeout=30_000)
    assert "snapshot=2016-12-31" in page.url
    assert page.blocked_requests == []


def open_list(page: Page, picker, attempts: int = 3) -> None:
    """Open a select box's list of options. Under load the page is still settling after its
    run (lazily loaded elements replace their placeholders, the sidebar is drawn again), and
    a click while the box is redrawn opens a list that closes at once: wait for the page to
    be still, click, and click again if the list is not there."""
    page.wait_for_function(NO_PLACEHOLDER, timeout=30_000)
    listbox = page.get_by_role("listbox")
    for attempt in range(attempts):
        page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")
        picker.click()
        try:
            listbox.wait_for(state="visible", timeout=5_000)
            return
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise


def test_snapshot_picker_changes_the_numbers(server, page):
    """Choosing 2015年6月30日 in the sidebar shows that snapshot's registered households."""
    open_page(page, f"{server}/")
    open_list(page, page.get_by_test_id("stSidebar").get_by_role("combobox").first)
    page.get_by_role("option", name="2015年6月30日").click()
    page.wait_for_function("location.search.includes('snapshot=2015-06-30')", timeout=30_000)
    page.wait_for_function(
        "document.body.innerText.includes('数据截至 2015年6月30日')", timeout=30_000
    )
    assert page.blocked_requests == []


def svg_texts(page: Page) -> str:
    """All text Plotly drew into the charts' SVG (axis labels, annotations, map names)."""
    return page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot text')]"
        ".map(node => node.textContent).join('\\n')"
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_progress_page_draws_its_charts(server, page, lang):
    """/progress: the report's exits by year, the remaining, and every chart drawn, offline."""
    open_page(page, f"{server}/progress?lang={lang}")
    wait_for_text(page, "2017" if lang == "en" else "205 户 526 人")
    body = main_text(page)
    assert "Traceback" not in body
    if lang == "zh":
        for expected in ("2014年 167 户 181 人", "2017年 99 户 271 人", "205 户 526 人"):
            assert expected in body
    else:
        assert "Exit progress" in body
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot').length >= 4", timeout=30_000
    )
    page.wait_for_timeout(1500)
    wait_for_charts(page, 4)
    shoot(page, f"progress-{lang}")
    assert page.blocked_requests == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_map_page_draws_villages_with_names_offline(server, page, lang):
    """/map: village polygons and their names drawn with no tile server and no CDN."""
    open_page(page, f"{server}/map?lang={lang}")
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot path.js-fill, .js-plotly-plot .scatterlayer"
        " path').length >= 9",
        timeout=30_000,
    )
    names = svg_texts(page)
    for village in ("山南村", "荷花村", "冯郢村", "安淮村", "赤塘村"):
        assert village in names
    body = main_text(page)
    assert "女山湖航运公司" in body  # a unit without a polygon, listed in words
    assert "Traceback" not in body
    shoot(page, f"map-{lang}")
    assert page.blocked_requests == []


def test_map_profile_of_a_village_masks_names(server, page):
    """/map?village=…: 山南村's profile opens; its household list shows masked names only."""
    open_page(page, f"{server}/map?village=341182108206")
    page.wait_for_function("document.body.innerText.includes('山南村')", timeout=30_000)
    page.get_by_role("tab").nth(1).click()  # 户 list
    page.wait_for_timeout(1000)
    shoot(page, "map-profile-341182108206")
    assert "Traceback" not in main_text(page)
    assert page.blocked_requests == []


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("industry", ("475", "59.82万元", "368")),
        ("programs", ("412", "31.98万元", "312.00万元")),
        ("helpers", ("143", "76")),
    ],
)
def test_money_and_people_pages_draw_offline(server, page, path, expected):
    """/programs and /helpers: the report's figures visible, charts drawn, nothing off-machine."""
    open_page(page, f"{server}/{path}")
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot').length >= 2", timeout=30_000
    )
    for text_expected in expected:
        wait_for_text(page, text_expected)
    body = main_text(page)
    assert "Traceback" not in body
    for text_expected in expected:
        assert text_expected in body, text_expected
    wait_for_charts(page, 2)
    shoot(page, f"{path}-zh")
    open_page(page, f"{server}/{path}?lang=en")
    page.wait_for_timeout(1500)
    assert "Traceback" not in main_text(page)
    shoot(page, f"{path}-en")
    assert page.blocked_requests == []


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("explore?subject=members&measure=people&rows=village&cols=age_band", "荷花村"),
        ("household?household=3411821082060001", "3411821082060001"),
        ("compare?from=2017-06-30&to=2017-12-31", "99"),
        ("import", "模板"),
        ("quality", "C"),
        ("sql?example=exits_by_year", "只读沙箱"),
        ("present", "女山湖镇"),
    ],
    ids=["explore", "household", "compare", "import", "quality", "sql", "present"],
)
def test_analyst_and_evaluation_pages_load_offline(server, page, path, expected):
    """The analysts' pages and the presentation load with no network, no traceback."""
    open_page(page, f"{server}/{path}")
    wait_for_text(page, expected)
    assert "Traceback" not in main_text(page)
    shoot(page, path.split("?")[0])
    assert page.blocked_requests == []
