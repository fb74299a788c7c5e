"""Parts of `tuopin bench` that need no demo: the pandas way's rules, read from the
definitions' SQL, and the profiler that sees inside AppTest's script thread."""

from __future__ import annotations

import cProfile
import pstats
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.bench.pages import profiled
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


SCRIPT = """
import streamlit as st


def counted_in_the_script_thread():
    return sum(range(10_000))


st.write(counted_in_the_script_thread())
"""


def _profiled_names(profile: cProfile.Profile) -> set[str]:
    return {name for (_file, _line, name) in pstats.Stats(profile).stats}


def test_the_profile_sees_the_script_thread_and_only_inside_the_block(tmp_path: Path):
    script = tmp_path / "page.py"
    script.write_text(SCRIPT, encoding="utf-8")
    outside, inside = cProfile.Profile(), cProfile.Profile()
    app = AppTest.from_file(str(script), default_timeout=30)
    with profiled(inside):
        app.run()
    outside.enable()  # enabled in this thread only: AppTest's script runs in another
    app.run()
    outside.disable()
    assert not app.exception
    assert "counted_in_the_script_thread" in _profiled_names(inside)
    assert "counted_in_the_script_thread" not in _profiled_names(outside)
