"""Who is looking: the bottom layer every other one may import, importing none of them.

`Viewer` says which personal columns a reader sees whole and which rows they may read; its
`variables()` are the cursor variables the masking macros and the row filters read. Who is
looking *now* is asked here, never of a layer above: the layers that know it (the Streamlit
session, `dashboard.ui.state` and `dashboard.access.web`) install a resolver when they are
imported, and the data layer, the sandbox and the audit log call `current_viewer` and
`current_actor`. Outside a Streamlit run (the `tuopin` commands) no resolver answers, and
the caller's default stands: the operating-system user, every row, nothing personal whole.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from dataclasses import dataclass

# The cursor variables of a viewer's rows (`dashboard/access/scope.py` writes them into SQL).
AREA_VARIABLE = "tuopin_area"
HELPER_VARIABLE = "tuopin_helper_id"


@dataclass(frozen=True)
class Viewer:
    """Who is looking: which personal columns they see whole, and which rows they may read.

    The macros of `queries/definitions/50_masking.sql` read these as cursor variables; the
    default viewer sees nothing personal, so a query run without one shows only masks.
    `area` is a code prefix ('' the whole data directory, None no row at all) and `helper_id`
    limits the rows to one helper's households (`dashboard/access/scope.py`). The default is
    the command line's: the operating-system user, every row, nothing personal whole.
    `small_counts_hidden` (visitors): every frame `run` and `run_sql` return has its cells
    standing for fewer than 5 households read "<5", and a list of people, households or
    helpers comes with no row (`dashboard.access.small_counts.for_visitor`); `run_arrow`,
    which cannot hold the label in a number column, refuses such a viewer.
    """

    show_names: bool = False
    show_id_numbers: bool = False
    show_phones: bool = False
    area: str | None = ""
    helper_id: str | None = None
    small_counts_hidden: bool = False

    def variables(self) -> dict[str, bool | str | None]:
        """The cursor variables the masking macros and the row filters read (None: unset)."""
        return {
            "tuopin_show_names": self.show_names,
            "tuopin_show_id_numbers": self.show_id_numbers,
            "tuopin_show_phones": self.show_phones,
            AREA_VARIABLE: self.area,
            HELPER_VARIABLE: self.helper_id,
        }


MASKED = Viewer()  # nothing personal shown whole: the default everywhere

# Each answers None when it does not know (no Streamlit run on this thread): the default stands.
ViewerResolver = Callable[[], Viewer | None]
ActorResolver = Callable[[], str | None]
_viewer_resolver: ViewerResolver | None = None
_actor_resolver: ActorResolver | None = None


def install_viewer_resolver(resolver: ViewerResolver) -> None:
    """Who is looking, asked of `resolver` from now on (`dashboard.ui.state` installs it)."""
    global _viewer_resolver
    _viewer_resolver = resolver


def install_actor_resolver(resolver: ActorResolver) -> None:
    """The audit log's actor, asked of `resolver` (`dashboard.access.web` installs it)."""
    global _actor_resolver
    _actor_resolver = resolver


def current_viewer(*, default: Viewer = MASKED) -> Viewer:
    """The viewer of this Streamlit session's signed-in user; `default` outside a run."""
    found = _viewer_resolver() if _viewer_resolver is not None else None
    return default if found is None else found


def resolve(viewer: Viewer | None) -> Viewer:
    """`viewer` as given, else who is looking now (`current_viewer`)."""
    return viewer if viewer is not None else current_viewer(default=MASKED)


def current_actor() -> str:
    """The name the audit log records: the signed-in user, or `cli:<operating-system user>`."""
    found = _actor_resolver() if _actor_resolver is not None else None
    return found if found is not None else f"cli:{getpass.getuser()}"
