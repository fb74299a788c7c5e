"""The ledger's edit policy (`dashboard/ledger/policy.py`): who may change what, decided on an
identity, without a session or a store. The page's saves ask it (tests/test_ledger_page.py)."""

from __future__ import annotations

import pytest

from dashboard.access.roles import Identity
from dashboard.ledger import policy

ANALYST = Identity("analyst", ("analyst",), "")
HELPER = Identity("helper", ("helper",), "", helper_id="H001")
LEADER = Identity("leader", ("leader",), "")


def test_roles_have_the_actions_the_ledger_names():
    assert policy.may(ANALYST, "verify") and policy.may(ANALYST, "import")
    assert policy.may(HELPER, "record") and not policy.may(HELPER, "assign")
    assert not policy.may(LEADER, "record")
    assert not policy.may(None, "record")  # nobody signed in


def test_a_helper_moves_his_problem_forward_but_not_out_of_verified():
    assert policy.status_choices(HELPER, "open") == ["open", "in_progress", "fixed"]
    assert policy.status_choices(HELPER, "verified") == ["verified"]
    assert policy.status_choices(ANALYST, "verified") == [
        "open",
        "in_progress",
        "fixed",
        "verified",
        "cannot_fix",
    ]
    assert policy.status_choices(LEADER, "open") == ["open"]


@pytest.mark.parametrize(
    ("who", "problem_id", "status", "changes", "refused"),
    [
        (HELPER, 1, "fixed", ("result",), None),
        (HELPER, 2, "fixed", ("result",), "ledger.edit.refused"),  # not one he sees
        (HELPER, 1, "fixed", ("deadline",), "ledger.edit.refused_assign"),
        (HELPER, 1, "verified", (), "ledger.edit.refused_verify"),
        (ANALYST, 1, "verified", ("deadline", "reason"), None),
        (LEADER, 1, "open", (), "ledger.edit.refused"),
    ],
)
def test_a_change_is_refused_with_its_reason(who, problem_id, status, changes, refused):
    found = policy.refusal(
        who,
        problem_id=problem_id,
        visible={1},
        status=status,
        current_status="in_progress",
        changes=changes,
    )
    assert found == refused
