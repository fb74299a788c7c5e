"""Layers run one way (CONVENTIONS 16, docs/architecture.md): the import graph, drawn from every
import statement of `dashboard/` (function-local ones included, since an import placed inside
a function to dodge a cycle is still a cycle), has no cycle, no function-local import of the
project's own modules outside the command-line entry points, and no import from a lower
layer to a higher one.

The graph is read from the syntax trees (`ast`), not by importing anything. The last tests run
the same rules on small made-up packages, so each rule is shown to fail when it should.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "dashboard"

# Entry points of the `tuopin` command: each subcommand imports what it runs when it runs, so
# `tuopin --help` does not load DuckDB, Streamlit and Plotly. Nothing below imports them back,
# so a lazy import here cannot hide a cycle (the graph below includes it all the same).
LAZY_ENTRY_POINTS = frozenset(
    {
        "dashboard.cli",
        "dashboard.access_cli",
        "dashboard.bench.cli",
        "dashboard.checks_cli",
        "dashboard.definitions_cli",
        "dashboard.evaluation_cli",
        "dashboard.importer_cli",
        "dashboard.ledger_cli",
        "dashboard.monitoring_cli",
        "dashboard.notices_cli",
        "dashboard.serving_cli",
        "dashboard.sql_cli",
    }
)
# The layers, bottom first: a module may import its own layer and those below, never above.
# A module not listed here belongs to no layer yet and is checked only for cycles.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("viewer", ("dashboard.viewer",)),
    (
        "foundations",
        (
            "dashboard.errors",
            "dashboard.contract",
            "dashboard.settings",
            "dashboard.snapshots",
            "dashboard.reference",
            "dashboard.hierarchy",
            "dashboard.masking",
            "dashboard.downloads",
            "dashboard.formatting",
            "dashboard.i18n",
            "dashboard.theme",
            "dashboard.access.scope",
            "dashboard.access.small_counts",
        ),
    ),
    ("query files", ("dashboard.query_files", "dashboard.definitions")),
    ("checks", ("dashboard.checks",)),
    ("connections and staging", ("dashboard.connection", "dashboard.staging")),
    ("data", ("dashboard.data", "dashboard.pivot_queries")),
    ("access", ("dashboard.access",)),
    # The SQL console's engine records each query in the audit log: above access.
    ("sandbox", ("dashboard.sandbox",)),
    ("ui", ("dashboard.ui",)),
    ("pages", ("dashboard.views", "dashboard.app")),
    # `tuopin bench`: drives the app from outside (AppTest, a real server); nothing imports it.
    ("bench", ("dashboard.bench",)),
)


@dataclass(frozen=True)
class Import:
    source: str
    target: str
    line: int
    local: bool  # inside a function


def module_files(root: Path, package: str) -> dict[str, Path]:
    """`{"dashboard.data": Path(".../dashboard/data.py"), ...}` for every module of `package`."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _owner(name: str, modules: Mapping[str, Path]) -> str | None:
    """The module a dotted name lives in (`dashboard.access.web.session_viewer` → its module)."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(name: str, source: str, modules: Mapping[str, Path], package: str) -> list[Import]:
    """Every import of the package's own modules in one module's source, local ones marked."""
    is_package = modules[name].name == "__init__.py"
    base_package = name if is_package else name.rpartition(".")[0]
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            targets: list[str] = []
            if isinstance(child, ast.Import):
                targets = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                module = child.module or ""
                if child.level:
                    parts = base_package.split(".")
                    parts = parts[: len(parts) - child.level + 1]
                    module = ".".join([*parts, module] if module else parts)
                targets = [f"{module}.{alias.name}" for alias in child.names]
            for target in targets:
                owner = _owner(target, modules)
                if owner and owner != name and target.split(".")[0] == package:
                    found.append(Import(name, owner, child.lineno, inside))
            visit(child, inside)

    visit(ast.parse(source), False)
    return found


def import_graph(root: Path, package: str) -> list[Import]:
    modules = module_files(root, package)
    return [
        found
        for name, path in modules.items()
        for found in imports_of(name, path.read_text(encoding="utf-8"), modules, package)
    ]


def cycles(edges: Iterable[Import]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        graph.setdefault(edge.source, set()).add(edge.target)
        graph.setdefault(edge.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph[node]):
            if successor not in index:
                connect(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return groups


def layer_of(module: str, layers=LAYERS) -> int | None:
    for position, (_, members) in enumerate(layers):
        if any(module == member or module.startswith(member + ".") for member in members):
            return position
    return None


def upward(edges: Iterable[Import], layers=LAYERS) -> list[str]:
    """Imports from a lower layer to a higher one, one line each."""
    found = []
    for edge in edges:
        source, target = layer_of(edge.source, layers), layer_of(edge.target, layers)
        if source is not None and target is not None and target > source:
            found.append(
                f"{edge.source}:{edge.line} imports {edge.target} "
                f"({layers[source][0]} → {layers[target][0]})"
            )
    return found


def stray_local(
    edges: Iterable[Import], entry_points: frozenset[str] = LAZY_ENTRY_POINTS
) -> list[str]:
    """Function-local imports of the package's own modules outside the entry points, one line
    each."""
    return sorted(
        f"{edge.source}:{edge.line} imports {edge.target} inside a function"
        for edge in edges
        if edge.local and edge.source not in entry_points
    )


# ---------------------------------------------------------------- the project


def test_the_import_graph_has_no_cycle():
    assert cycles(import_graph(ROOT, PACKAGE)) == []


def test_no_layer_imports_a_layer_above_it():
    assert upward(import_graph(ROOT, PACKAGE)) == []


def test_no_function_local_import_of_the_projects_own_modules():
    assert stray_local(import_graph(ROOT, PACKAGE)) == [], "import these at the top of the module"


def test_every_layer_names_modules_that_exist():
    modules = module_files(ROOT, PACKAGE)
    for _, members in LAYERS:
        for member in members:
            assert any(name == member or name.startswith(member + ".") for name in modules), member


def test_the_viewer_imports_nothing_of_the_project():
    edges = import_graph(ROOT, PACKAGE)
    assert [edge for edge in edges if edge.source == "dashboard.viewer"] == []


# ---------------------------------------------------------------- the rules fail when they should


def write_package(root: Path, files: dict[str, str]) -> None:
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")


def test_a_cycle_closed_inside_a_function_is_found(tmp_path):
    write_package(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/low.py": "def f():\n    from pkg import high\n    return high\n",
            "pkg/high.py": "from pkg.low import f\n",
        },
    )
    edges = import_graph(tmp_path, "pkg")
    assert cycles(edges) == [["pkg.high", "pkg.low"]]
    assert {(edge.source, edge.target) for edge in edges if edge.local} == {("pkg.low", "pkg.high")}


def test_a_relative_import_and_a_name_from_a_module_are_resolved(tmp_path):
    write_package(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/sub/__init__.py": "",
            "pkg/sub/a.py": "from . import b\nfrom ..c import thing\n",
            "pkg/sub/b.py": "",
            "pkg/c.py": "thing = 1\n",
        },
    )
    edges = {(edge.source, edge.target) for edge in import_graph(tmp_path, "pkg")}
    assert edges == {("pkg.sub.a", "pkg.sub.b"), ("pkg.sub.a", "pkg.c")}


def test_a_function_local_import_is_named_outside_the_entry_points_only(tmp_path):
    write_package(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/low.py": "",
            "pkg/page.py": "def draw():\n    from pkg import low\n    return low\n",
            "pkg/cli.py": "def main():\n    from pkg.low import thing\n    return thing\n",
        },
    )
    edges = import_graph(tmp_path, "pkg")
    found = stray_local(edges, entry_points=frozenset({"pkg.cli"}))
    assert found == ["pkg.page:2 imports pkg.low inside a function"]
    assert len(stray_local(edges, entry_points=frozenset())) == 2


def test_an_import_upward_is_named_with_its_layers(tmp_path):
    write_package(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/bottom.py": "import pkg.top\n",
            "pkg/top.py": "from pkg import bottom\n",
        },
    )
    layers = (("bottom", ("pkg.bottom",)), ("top", ("pkg.top",)))
    found = upward(import_graph(tmp_path, "pkg"), layers)
    assert found == ["pkg.bottom:1 imports pkg.top (bottom → top)"]


# ---------------------------------------------------------------- settings in one module

SETTINGS_MODULE = "dashboard.settings"


def _is_environ(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def environment_reads(source: str) -> list[int]:
    """Lines that read a variable of the environment (`os.environ.get`, `os.getenv`,
    `os.environ[...]` read). Passing the whole environment on to a child process
    (`dict(os.environ, …)`) and setting a variable are not reads of a setting."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            from_environ = node.func.attr == "get" and _is_environ(owner)
            from_os = (
                node.func.attr == "getenv" and isinstance(owner, ast.Name) and owner.id == "os"
            )
            if from_environ or from_os:
                lines.append(node.lineno)
        elif (
            isinstance(node, ast.Subscript)
            and _is_environ(node.value)
            and isinstance(node.ctx, ast.Load)
        ):
            lines.append(node.lineno)
    return sorted(lines)


def test_the_environment_is_read_in_the_settings_module_only():
    found = {
        name: environment_reads(path.read_text(encoding="utf-8"))
        for name, path in module_files(ROOT, PACKAGE).items()
        if name != SETTINGS_MODULE
    }
    assert {name: lines for name, lines in found.items() if lines} == {}


def test_an_environment_read_is_found():
    source = (
        "import os\n"
        "a = os.environ.get('X')\n"
        "b = os.getenv('Y')\n"
        "c = os.environ['Z']\n"
        "os.environ['W'] = '1'\n"
        "d = dict(os.environ, V='2')\n"
    )
    assert environment_reads(source) == [2, 3, 4]
