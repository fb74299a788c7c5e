"""The pandas way of `tuopin bench` counts by the definitions' rules, read from their SQL."""

from __future__ import annotations

from dashboard.bench.pandas_overview import rules


def test_the_statuses_are_those_of_the_definitions():
    found = rules()
    # F03: the 205 未脱贫 households include the relapsed.
    assert found.not_exited == ("not_exited", "relapsed")
    # Removed households and those only monitored are not on the register.
    assert found.registered == ("not_exited", "exited", "relapsed")
    assert (found.exited, found.relapsed, found.removed) == (
        ("exited",),
        ("relapsed",),
        ("removed",),
    )


def test_a_child_out_of_school_and_a_recent_visit_are_those_of_the_definitions():
    found = rules()
    assert found.school_ages == (6, 15)  # 义务教育阶段
    assert ("none", "primary") in found.out_of_school
    assert ("preschool", "illiterate") in found.out_of_school
    assert ("primary", "primary") not in found.out_of_school  # in school
    assert ("none", "junior") not in found.out_of_school  # past primary school
    assert found.recent_days == 90
