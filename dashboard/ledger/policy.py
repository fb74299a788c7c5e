"""Who may do what to a problem of the rectification ledger: the edit policy, beside the ledger.

Pure decisions on an `Identity` (who is signed in): no session, no store. The session's side
(`dashboard/ui/ledger_access.py`) asks these with the signed-in user and refuses a change they
refuse, whatever a page (or a forged form) sends. The actions each role has are
`dashboard.access.roles.LEDGER_EDITS`.
"""

from __future__ import annotations

from collections.abc import Collection

from dashboard.access.roles import LEDGER_EDITS, Identity
from dashboard.ledger.store import STATUSES

# Which statuses and fields each ledger action lets a user set (`LEDGER_EDITS` gives the
# actions by role): a helper moves his problem open → in progress → fixed and writes measures
# and results; an analyst also verifies or gives a problem up (with its reason) and assigns
# the person responsible and the deadline. A leader has no action: he reads.
STATUSES_BY_ACTION = {
    "record": ("open", "in_progress", "fixed"),
    "verify": ("verified", "cannot_fix"),
}
FIELDS_BY_ACTION = {
    "record": ("measures", "result"),
    "assign": ("responsible_id", "deadline", "reason"),
}


def may(who: Identity | None, action: str) -> bool:
    """Whether `who` may `assign`, `record`, `verify`, `sync` or `import` (None: nobody)."""
    return who is not None and any(
        action in LEDGER_EDITS.get(role, frozenset()) for role in who.roles
    )


def status_choices(who: Identity | None, current_status: str) -> list[str]:
    """The statuses `who` may give a problem now in `current_status`, in the ledger's order.

    The current status is always among them (a save that leaves it alone is no change). A
    helper cannot move a problem out of verified or cannot-be-fixed: that is the analyst's.
    """
    allowed = {
        status
        for action, statuses in STATUSES_BY_ACTION.items()
        if may(who, action)
        for status in statuses
    }
    if not may(who, "verify") and current_status not in STATUSES_BY_ACTION["record"]:
        allowed = set()
    return [status for status in STATUSES if status in allowed or status == current_status]


def fields_allowed(who: Identity | None) -> set[str]:
    """The problem's fields `who` may change."""
    return {
        field for action, fields in FIELDS_BY_ACTION.items() if may(who, action) for field in fields
    }


def refusal(
    who: Identity | None,
    *,
    problem_id: int,
    visible: Collection[int],
    status: str,
    current_status: str,
    changes: Collection[str],
) -> str | None:
    """Why `who` may not make this change, as the key of its sentence (`ledger.edit.refused…`);
    None when it is allowed. `visible` are the problems `who` sees (his area, a helper's own)."""
    if not may(who, "record") or problem_id not in visible:
        return "ledger.edit.refused"
    if set(changes) - fields_allowed(who):  # only an analyst assigns, sets deadlines, gives up
        return "ledger.edit.refused_assign"
    if status not in status_choices(who, current_status):
        return "ledger.edit.refused_verify"
    return None
