"""/map above the village in a real browser: the county demo's towns drawn offline, a town's villages."""

from __future__ import annotations

import pytest
from e2e.live import tuopin_server
from e2e.test_browser import (  # noqa: F401 (page is a fixture)
    SCREENSHOTS,
    main_text,
    open_page,
    page,
    shoot,
    svg_texts,
)

from dashboard.demo.scaled import SCALES, ScaledDemo

pytestmark = pytest.mark.e2e

COUNTY = "341182"


@pytest.fixture(scope="module")
def county_server(full_county_dir):
    """`tuopin serve --no-auth` over the county demo's whole history (`tuopin demo --scale
    county`), its grid map included."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with tuopin_server(full_county_dir, "e2e-map-levels.log", "--no-auth") as base:
        yield base


@pytest.fixture(scope="module")
def town_names() -> dict[str, str]:
    demo = ScaledDemo(SCALES["county"])
    return dict(zip(demo.town_codes, demo.town_names, strict=True))


def test_county_map_draws_its_towns_offline(county_server, page, town_names):  # noqa: F811
    open_page(page, f"{county_server}/map?area={COUNTY}")
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot .scatterlayer path.js-fill').length >= "
        f"{len(town_names)}",
        timeout=60_000,
    )
    names = svg_texts(page)
    assert all(name in names for name in town_names.values())  # 15 towns: every one named
    assert "明光市" in main_text(page)
    assert "Traceback" not in main_text(page)
    shoot(page, "map-county-341182")
    assert page.blocked_requests == []


def test_town_of_the_county_draws_its_villages(county_server, page, town_names):  # noqa: F811
    town = sorted(town_names)[0]
    open_page(page, f"{county_server}/map?area={town}")
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot .scatterlayer path.js-fill').length >= 6",
        timeout=60_000,
    )
    body = main_text(page)
    assert "明光市" in body  # the way back up
    assert "Traceback" not in body
    shoot(page, f"map-town-{town}")
    assert page.blocked_requests == []
