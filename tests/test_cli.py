"""The `tuopin` command line, run as a real subprocess against real data directories."""

from __future__ import annotations

import json

from tests.tuopin_process import tuopin

# The report's figures as seed-figures.md states them, typed here independently of the code.
REPORT = {
    "F01": [650], "F02": [1372], "F03": [205], "F04": [526],
    "F05": [167, 181], "F06": [114, 227], "F07": [65, 167], "F08": [99, 271],
    "F09": [300], "F10": [11, 9, 2], "F12": [143], "F13": [76], "F14": [1, 2016, 1],
    "F15": [412, 319750], "F16": [67, 174000], "F17": [135, 91500], "F18": [22, 356],
    "F19": [10], "F20": [14], "F21": [100], "F22": [78, 3120000], "F23": [218400],
    "F24": [85, 4040000], "F25": [7160000], "F26": [123, 76025], "F27": [475, 598160, 368],
    "F28": [220, 361070], "F29": [255, 237090], "F30": [30, 39, 49300], "F31": [50, 41600],
    "F32": [600000], "F33": [43000],
}  # fmt: skip


def test_figures_json_reproduces_all_33_report_figures(demo_dir):
    """`tuopin figures --json` on the demo: every figure computed equals the report's."""
    result = tuopin("figures", "--data", str(demo_dir), "--json")
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["snapshot_date"] == "2018-06-30"
    figures = {entry["id"]: entry for entry in output["figures"]}
    assert len(figures) == 33
    for figure_id, expected in REPORT.items():
        assert figures[figure_id]["computed"] == expected, figure_id
        assert figures[figure_id]["matches"], figure_id
    # F11: 133 groups, and the households' groups are at most that many.
    assert figures["F11"]["computed"][0] == 133
    assert figures["F11"]["computed"][1] <= 133
    assert output["matched"] == 33


def test_figures_on_an_earlier_snapshot_do_not_all_match(demo_dir):
    """On 2016-12-31 the 2017 exits have not happened: F08 differs and the exit code says so."""
    result = tuopin("figures", "--data", str(demo_dir), "--snapshot", "2016-12-31", "--json")
    assert result.returncode == 1
    figures = {entry["id"]: entry for entry in json.loads(result.stdout)["figures"]}
    assert figures["F08"]["computed"] == [0, 0]
    assert figures["F05"]["computed"][0] == 167  # 2014's exits were already there


def test_a_snapshot_date_that_does_not_exist_lists_those_that_do(demo_dir):
    """A missing date: exit code 2, the message in Chinese and English, the dates listed."""
    result = tuopin("figures", "--data", str(demo_dir), "--snapshot", "2018-07-01")
    assert result.returncode == 2
    assert "没有 2018-07-01 的快照" in result.stderr
    assert "There is no snapshot dated 2018-07-01" in result.stderr
    assert "2014-12-31" in result.stderr and "2018-06-30" in result.stderr
    assert "Traceback" not in result.stderr


def test_snapshots_lists_every_snapshot_with_counts(demo_dir):
    """`tuopin snapshots`: eight rows, the source, and the row counts with separators."""
    result = tuopin("snapshots", "--data", str(demo_dir))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 9  # header + eight snapshots
    assert lines[-1].split()[0] == "2018-06-30"
    assert "demo" in lines[-1] and "1,372" in lines[-1]


def test_demo_refuses_a_directory_with_imported_data(tmp_path, empty_dir):
    """`tuopin demo` into a directory that holds an imported snapshot changes nothing."""
    before = sorted(path.relative_to(empty_dir) for path in empty_dir.rglob("*"))
    result = tuopin("demo", "--data", str(empty_dir), "--force")
    assert result.returncode == 2
    assert "真实数据" in result.stderr and "real" in result.stderr
    assert sorted(path.relative_to(empty_dir) for path in empty_dir.rglob("*")) == before


def test_snapshots_in_an_empty_directory_says_what_to_do(tmp_path):
    """No snapshot at all: a clear message naming `tuopin demo`, exit code 2."""
    result = tuopin("snapshots", "--data", str(tmp_path))
    assert result.returncode == 2
    assert "tuopin demo" in result.stderr


def test_serve_no_auth_refuses_imported_data(empty_dir):
    """`tuopin serve --no-auth` on data that is not the demo: exit 2, zh and en, no server."""
    result = tuopin("serve", "--no-auth", "--data", str(empty_dir), "--", "--server.port", "1")
    assert result.returncode == 2
    assert "只用于演示数据" in result.stderr
    assert "is for the demo only" in result.stderr and str(empty_dir) in result.stderr
    assert "Traceback" not in result.stderr
    assert "Streamlit" not in result.stdout + result.stderr  # it never started


def test_serve_no_auth_refuses_a_directory_without_snapshots(tmp_path):
    result = tuopin("serve", "--no-auth", "--data", str(tmp_path), "--", "--server.port", "1")
    assert result.returncode == 2
    assert "--no-auth" in result.stderr and "demo only" in result.stderr
