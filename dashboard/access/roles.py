"""Roles, areas, and which pages and personal columns each role may see: default deny.

A user holds at most one data role (leader, analyst, helper, viewer) and may also be admin.
A page not listed for any of a user's roles is absent from the navigation, and its URL says
"not permitted". What a role may see of personal columns is a `dashboard.data.Viewer`, which
the data layer applies to every query, the SQL sandbox and every download built from them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashboard.viewer import Viewer

LEADER, ANALYST, HELPER, VIEWER, ADMIN = "leader", "analyst", "helper", "viewer", "admin"
DATA_ROLES = (LEADER, ANALYST, HELPER, VIEWER)
ROLES = (*DATA_ROLES, ADMIN)
ROLE_LABELS = {
    LEADER: ("领导", "leader"),
    ANALYST: ("扶贫专干", "analyst"),
    HELPER: ("帮扶干部", "helper"),
    VIEWER: ("访客", "viewer"),
    ADMIN: ("管理员", "admin"),
}
DEMO = "demo"  # the sanctioned identity of the synthetic demo when it has no accounts

VIEW_PAGES = (
    "overview",
    "progress",
    "map",
    "industry",
    "programs",
    "helpers",
    "explore",
    "household",
    "compare",
)
ANALYST_PAGES = ("sql", "quality", "import")
PRESENTATION_PAGES = ("overview", "progress", "map", "industry", "programs", "present")
ADMIN_PAGES = ("users", "audit")

# Which pages each role may open. Anything not here is refused.
# The definitions of the words on the pages are public; the ledger is for those who fix or
# follow problems: a leader reads it, an analyst runs it, a helper sees his own problems.
PUBLIC_PAGES = ("definitions",)
LEDGER_PAGES = ("ledger",)
# 防返贫监测: who is at risk, with names, risks and health-related clues. For those who follow
# households up: a leader and an analyst of their area, a helper for his own households (the
# clue list is his visit list); not a visitor, whose pages show no list of households.
MONITORING_PAGES = ("monitoring",)
PAGES_BY_ROLE: dict[str, frozenset[str]] = {
    LEADER: frozenset((*VIEW_PAGES, *MONITORING_PAGES, "present", *LEDGER_PAGES, *PUBLIC_PAGES)),
    ANALYST: frozenset(
        (*VIEW_PAGES, *MONITORING_PAGES, *ANALYST_PAGES, "present", *LEDGER_PAGES, *PUBLIC_PAGES)
    ),
    HELPER: frozenset(
        ("overview", "helpers", "household", *MONITORING_PAGES, *LEDGER_PAGES, *PUBLIC_PAGES)
    ),
    VIEWER: frozenset((*PRESENTATION_PAGES, *PUBLIC_PAGES)),
    ADMIN: frozenset(ADMIN_PAGES),
    # The open demo keeps the pages it always had; its data is synthetic.
    DEMO: frozenset(
        (*VIEW_PAGES, *MONITORING_PAGES, *ANALYST_PAGES, "present", *LEDGER_PAGES, *PUBLIC_PAGES)
    ),
}
# What each role may do in the ledger (default: read only).
LEDGER_EDITS: dict[str, frozenset[str]] = {
    ANALYST: frozenset(("assign", "record", "verify", "sync", "import")),
    DEMO: frozenset(("assign", "record", "verify", "sync", "import")),
    HELPER: frozenset(("record",)),  # measures and results of his own problems
}

# Who may set a county's own monitoring line (监测范围) on /monitoring: the analyst. The line is
# a data setting every finding and clue rests on, entered from the county's notice by the
# office that runs the data (imports, the ledger); an admin manages accounts and reads no row,
# so has no page the line is shown on; a leader reads. The open demo has no accountable user.
MONITORING_LINE_EDITORS = frozenset((ANALYST,))

_AREA = re.compile(r"^[0-9]{0,12}$")


def role_may_open(role: str, page: str) -> bool:
    """Whether `role` may open the page at `/<page>`: the one answer every navigation entry and
    every link between pages asks (`dashboard.ui.navigation`). Unknown roles open nothing.

    >>> role_may_open("helper", "progress"), role_may_open("helper", "ledger")
    (False, True)
    """
    return page in PAGES_BY_ROLE.get(role, frozenset())


def may_set_monitoring_line(identity: Identity | None, county_code: str) -> bool:
    """Whether this user may set `county_code`'s own monitoring line: an analyst whose area is
    the whole directory, the county itself or wider (a town's analyst would set the line of
    the other towns of his county too).

    >>> may_set_monitoring_line(Identity("a", ("analyst",), "3411"), "341182")
    True
    >>> may_set_monitoring_line(Identity("a", ("analyst",), "341182108"), "341182")
    False
    """
    if identity is None or not any(role in MONITORING_LINE_EDITORS for role in identity.roles):
        return False
    return len(identity.area) <= len(county_code) and county_code.startswith(identity.area)


def check_roles(roles: tuple[str, ...]) -> tuple[str, ...]:
    """Roles in canonical order; ValueError for an unknown role or two data roles."""
    unknown = [role for role in roles if role not in ROLES]
    if unknown:
        raise ValueError(f"unknown role {unknown[0]!r}; roles: {', '.join(ROLES)}")
    data = [role for role in roles if role in DATA_ROLES]
    if len(data) > 1:
        raise ValueError(f"one data role at most, not {', '.join(data)}")
    if not roles:
        raise ValueError(f"a user needs a role: {', '.join(ROLES)}")
    return tuple(role for role in ROLES if role in roles)


def check_area(area: str) -> str:
    """An area is a code prefix: digits, 0 to 12 of them ('' is the whole data directory)."""
    area = area.strip()
    if not _AREA.match(area):
        raise ValueError(f"an area is a code prefix of digits (e.g. 341182108), not {area!r}")
    return area


@dataclass(frozen=True)
class Identity:
    """Who is signed in, as far as the pages and the data layer care."""

    name: str
    roles: tuple[str, ...]
    area: str
    helper_id: str | None = None

    @property
    def data_role(self) -> str | None:
        return next((role for role in self.roles if role in DATA_ROLES or role == DEMO), None)

    def pages(self) -> frozenset[str]:
        allowed: set[str] = set()
        for role in self.roles:
            allowed |= PAGES_BY_ROLE.get(role, frozenset())
        return frozenset(allowed)

    def may_open(self, page: str) -> bool:
        """Whether any of this user's roles may open `/<page>` (roles add up)."""
        return any(role_may_open(role, page) for role in self.roles)

    def viewer(self) -> Viewer:
        return viewer_for(self)


DENIED = Viewer(area=None)  # no row at all: what a session that is not signed in reads


def viewer_for(identity: Identity) -> Viewer:
    """What the data layer shows this identity: its rows (area, helper) and personal columns."""
    role = identity.data_role
    if role == ANALYST:
        return Viewer(True, True, True, area=identity.area)
    if role == LEADER:
        return Viewer(show_names=True, area=identity.area)
    if role == HELPER:
        if not identity.helper_id:
            return DENIED  # a helper account not linked to a helper sees nothing
        return Viewer(True, True, True, area=identity.area, helper_id=identity.helper_id)
    if role == VIEWER:
        return Viewer(area=identity.area, small_counts_hidden=True)
    if role == DEMO:
        return Viewer(area="")  # masked, as the demo always was
    return DENIED  # admin alone, or no data role: nothing of the register
