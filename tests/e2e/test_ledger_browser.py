"""End to end: the rectification ledger through the real `tuopin serve` and Debian's Chromium.

An analyst assigns a problem (found by a 督查, entered by hand) to a helper with a deadline;
the helper, signed in, finds it among "my problems" and records measures and a status; the
same helper's second session, opened on the version before that save, saves too and is
refused with the message, the text he typed still in the form and the first save kept.
Screenshots of /ledger as analyst, helper and leader go to test-output/e2e/.
"""

from __future__ import annotations

import datetime as dt

import pytest
from e2e.live import (
    ROOT,
    Account,
    add_accounts,
    main_text,
    shoot,
    signed_in,
    tuopin_server,
    wait_for_run,
)
from playwright.sync_api import BrowserContext, Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from dashboard.access.store import STATE_FILE
from dashboard.data import Viewer
from dashboard.ledger.store import Ledger

pytestmark = pytest.mark.e2e

VILLAGE = "341182108206"
DAY = dt.date(2018, 6, 30)
SCREENSHOTS = ROOT / "test-output" / "e2e"
DESCRIPTION = "督查发现：村级公示栏内容未按季度更新（浏览器测试）"


@pytest.fixture(scope="module")
def helper(demo_db) -> tuple[str, str]:
    """A helper of the village whose name no other helper shares: (helper_id, name)."""
    names = demo_db.run("ledger_names", viewer=Viewer(show_names=True), snapshot_date=DAY)
    helpers = names[names["kind"] == "helper"]
    unique = helpers[~helpers["name"].duplicated(keep=False)].sort_values("code")
    households = demo_db.run_sql(
        "select distinct helper_id from households where snapshot_date = $day "
        "and village_code = $village",
        {"day": DAY, "village": VILLAGE},
    )
    row = unique[unique["code"].isin(households["helper_id"])].iloc[0]
    return str(row["code"]), str(row["name"])


@pytest.fixture(scope="module")
def ledger(instance) -> Ledger:
    """The ledger the server keeps, in the test's instance folder, with the demo's 大排查."""
    return Ledger(instance / STATE_FILE)


@pytest.fixture(scope="module")
def problem_id(ledger, demo_db) -> int:
    """A problem entered by hand from a supervision visit, nobody responsible yet."""
    from dashboard.ledger.demo import ensure_demo_ledger

    ensure_demo_ledger(demo_db, ledger)
    return ledger.add(
        source="supervision",
        category="other",
        description=DESCRIPTION,
        found_date=dt.date(2018, 6, 20),
        actor="test",
        village_code=VILLAGE,
    )


@pytest.fixture(scope="module")
def instance(tmp_path_factory, helper):
    return add_accounts(
        tmp_path_factory.mktemp("instance"),
        Account("analyst1", ("analyst",)),
        Account("helper1", ("helper",), "", helper[0]),
        Account("leader1", ("leader",)),
    )


@pytest.fixture(scope="module")
def server(demo_dir, instance, problem_id):
    with tuopin_server(demo_dir, "e2e-ledger-server.log", TUOPIN_INSTANCE=str(instance)) as base:
        yield base


def new_session(browser, server: str, name: str) -> tuple[BrowserContext, Page]:
    """A browser session of its own (its own cookie), signed in as `name`, on the home page."""
    return signed_in(browser, server, name, landing="")


def open_ledger(page: Page, server: str, query: str = "") -> None:
    page.goto(f"{server}/ledger{query}")
    wait_for_run(page)


def selectbox(where: Page | Locator, label: str) -> Locator:
    """The selectbox (its combobox) whose label is exactly `label`."""
    return where.get_by_role("combobox", name=label, exact=True)


def choose(page: Page, box: Locator, typed: str) -> None:
    """Open a selectbox, type to narrow its options, and take the first one left.

    The page can still be drawing when the list opens: a table drawn under the list then takes
    the click and closes it, or a late redraw puts the old value back. So the choice is checked
    in the box (it shows the option taken) and tried again, up to three times."""
    for _attempt in range(3):
        box.click()
        box.fill(typed)
        option = page.locator("[role='option']").filter(has_text=typed).first
        try:
            option.click(timeout=5_000)
        except PlaywrightTimeoutError:
            page.keyboard.press("Escape")
        wait_for_run(page)
        if typed in box.input_value():
            return
    raise AssertionError(f"could not choose {typed!r}: the box shows {box.input_value()!r}")


def form(page: Page) -> Locator:
    return page.locator("[data-testid='stForm']")


def text_area(page: Page, label: str) -> Locator:
    return (
        form(page)
        .locator("[data-testid='stTextArea']")
        .filter(has=page.locator("[data-testid='stWidgetLabel']", has_text=label))
        .locator("textarea")
    )


def save(page: Page, then: str) -> None:
    """Press the form's save and wait until the page says `then` (a run starts a moment after
    the click, so waiting for the script alone may see the run before it)."""
    form(page).get_by_role("button", name="保存").click()
    try:
        page.wait_for_function(
            "text => document.querySelector(\"[data-testid='stMain']\").innerText.includes(text)",
            arg=then,
            timeout=60_000,
        )
    finally:
        shoot(page, SCREENSHOTS / "ledger-last-save.png")
    wait_for_run(page)


def test_an_analyst_assigns_the_helper_records_and_a_stale_save_is_refused(
    server, browser, ledger, helper, problem_id
):
    helper_id, helper_name = helper

    # The analyst picks the problem, gives it to the helper with a deadline, and saves.
    analyst, page = new_session(browser, server, "analyst1")
    open_ledger(page, server, f"?village={VILLAGE}")
    choose(page, selectbox(page, "问题"), f"#{problem_id} ·")
    choose(page, selectbox(form(page), "责任人（帮扶人）"), helper_name)
    deadline = form(page).locator("[data-testid='stDateInput'] input")
    deadline.fill("2018-07-20")
    deadline.press("Enter")
    save(page, then=f"问题 {problem_id} 已保存")
    assigned = ledger.get(problem_id)
    assert (assigned["responsible_id"], assigned["deadline"]) == (helper_id, "2018-07-20")
    shoot(page, SCREENSHOTS / "ledger-analyst.png")
    analyst.close()

    # The helper's first session opens the problem (the version the analyst saved) …
    first, stale = new_session(browser, server, "helper1")
    open_ledger(stale, server)
    assert "我的问题" in main_text(stale)
    choose(stale, selectbox(stale, "问题"), f"#{problem_id} ·")
    assert DESCRIPTION[:20] in main_text(stale)

    # … and in a second session he records measures and moves it on: saved.
    second, page = new_session(browser, server, "helper1")
    open_ledger(page, server)
    choose(page, selectbox(page, "问题"), f"#{problem_id} ·")
    assert form(page).locator("[data-testid='stDateInput']").count() == 0  # he assigns nothing
    text_area(page, "整改措施").fill("更新公示栏，张贴2018年第二季度公示内容")
    choose(page, selectbox(form(page), "状态"), "整改中")
    save(page, then=f"问题 {problem_id} 已保存")
    recorded = ledger.get(problem_id)
    assert (recorded["measures"], recorded["status"]) == (
        "更新公示栏，张贴2018年第二季度公示内容",
        "in_progress",
    )
    shoot(page, SCREENSHOTS / "ledger-helper.png")

    # The first session, still on the older version, saves: refused, nothing lost.
    typed = "第一个窗口里写的措施：入户核实后补贴"
    text_area(stale, "整改措施").fill(typed)
    save(stale, then="没有保存")
    body = main_text(stale)
    assert "没有保存" in body and "helper1" in body, body
    assert text_area(stale, "整改措施").input_value() == typed  # what he typed is still there
    assert ledger.get(problem_id)["measures"] == recorded["measures"]  # the first save kept
    assert stale.get_by_role("button", name="载入最新内容").count() == 1
    shoot(stale, SCREENSHOTS / "ledger-stale-save.png")
    first.close()
    second.close()


def test_a_leader_reads_the_ledger_and_is_offered_no_form(server, browser):
    leader, page = new_session(browser, server, "leader1")
    open_ledger(page, server)
    body = main_text(page)
    assert "各村整改情况" in body and "各责任人整改情况" in body
    assert "您的角色可以查看台账，不能修改" in body
    assert form(page).count() == 0
    shoot(page, SCREENSHOTS / "ledger-leader.png")
    leader.close()
