"""The demos the tests read, built once and kept on disk until the code that writes them changes.

Building a demo and its derived tables (what `tuopin demo` does: `build_demo`, then
`prepare_derived`) takes seconds for the town and tens of seconds for its whole history; every
xdist worker and every run used to do it again, the derived tables inside somebody's first
page. Here a build is kept under `.pytest_cache/tuopin-demos/<name>-<digest>/`, where the
digest covers everything the bytes written can depend on: the source of `dashboard.demo.build`
and `dashboard.staging` and of every project module they import (function-local imports too,
read from the syntax trees), the query files under `queries/` (the definitions and the check
rules), the reference files under `data/reference/` (divisions, county borders, poverty
lines), `uv.lock` (the libraries that write the Parquet files), the Python version and the
build's own arguments. Change any of them and the next session builds afresh; nothing is ever
read from a build of other code. (The derived tables also carry the project's own key,
`staging.definitions_key`: a copy whose key is stale is rebuilt when it is opened.)

A test never gets the cached folder itself: each session copies it into its own temporary
directory (tests write audit logs, caches and instance folders beside the data), so what a
test sees is what a fresh `build_demo` into that directory gives. Two workers asking for the
same demo at once wait on a lock file: one builds, the other copies.

`TUOPIN_TEST_DEMO_CACHE=off` builds every demo fresh into the session's directory, as before.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = ROOT / ".pytest_cache" / "tuopin-demos"  # .pytest_cache/ is git-ignored
SWITCH = "TUOPIN_TEST_DEMO_CACHE"  # "off": no cache, every session builds its demos
BUILDER_MODULES = ("dashboard.demo.build", "dashboard.staging")  # the demo, its derived tables
DATA_FOLDERS = ("data/reference", "queries")  # files those modules read
PACKAGE = "dashboard"
COMPLETE = ".complete"  # written last into a finished build: a half-written one is never used
DIGEST = re.compile(r"[0-9a-f]{16}")  # a cache entry is <name>-<digest>


def module_file(name: str) -> Path | None:
    """The source file of a project module (`dashboard.demo.town` → dashboard/demo/town.py)."""
    base = ROOT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def imported_modules(path: Path, name: str) -> set[str]:
    """The project modules a source file imports, at the top or inside a function.

    `from dashboard.demo import town` names `dashboard.demo.town` when that is a module and
    `dashboard.demo` otherwise; a package's `__init__` counts for each of its modules."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolved against this module's package
                parts = name.split(".") + (["__init__"] if path.name == "__init__.py" else [])
                base = ".".join([*parts[: -node.level], node.module or ""]).strip(".")
            else:
                base = node.module or ""
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    ours = {module for module in found if module.split(".")[0] == PACKAGE}
    # Importing a.b.c runs a/__init__.py and a/b/__init__.py first.
    parents = {".".join(m.split(".")[:i]) for m in ours for i in range(1, m.count(".") + 1)}
    return {module for module in ours | parents if module_file(module) is not None}


def builder_sources() -> list[Path]:
    """Every project source file the builders can run: their import closure."""
    seen: set[str] = set()
    pending = list(BUILDER_MODULES)
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        path = module_file(name)
        if path is not None:
            pending.extend(imported_modules(path, name) - seen)
    return sorted(path for name in seen if (path := module_file(name)) is not None)


@functools.cache
def code_digest() -> str:
    """The digest of the files a build can read or run, once per process (a second)."""
    digest = hashlib.sha256(f"{sys.version_info[:3]}\n".encode())
    data = sorted(p for f in DATA_FOLDERS for p in (ROOT / f).rglob("*") if p.is_file())
    for path in [*builder_sources(), *data, ROOT / "uv.lock"]:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def sources_digest(arguments: str) -> str:
    """A short digest of what a build's bytes can depend on (see the module's docstring)."""
    return hashlib.sha256(f"{code_digest()}\n{arguments}".encode()).hexdigest()[:16]


@contextlib.contextmanager
def exclusive(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive lock on a file for the block (other workers wait), where the system
    has one (`fcntl`); elsewhere no lock, at worst two workers build the same demo."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover (not on Linux)
        yield
        return
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build_into_cache(name: str, digest: str, build: Callable[[Path], object]) -> Path:
    """The finished cached build (made now if missing): a folder `build` wrote into."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    entry = CACHE_DIR / f"{name}-{digest}"
    with exclusive(CACHE_DIR / f"{name}.lock"):
        if not (entry / COMPLETE).is_file():
            partial = CACHE_DIR / f"{name}-{digest}.partial"
            shutil.rmtree(partial, ignore_errors=True)
            shutil.rmtree(entry, ignore_errors=True)
            partial.mkdir()
            build(partial)
            (partial / COMPLETE).write_text(digest, encoding="utf-8")
            partial.rename(entry)
            for older in CACHE_DIR.glob(f"{name}-*"):
                if older != entry and DIGEST.fullmatch(older.name.removeprefix(f"{name}-")):
                    shutil.rmtree(older, ignore_errors=True)  # a build of older code
    return entry


def built_demo(name: str, arguments: str, build: Callable[[Path], object], root: Path) -> Path:
    """`build(folder)` done into `root` (a new, empty folder of this session), from the cache
    when the same build of the same code is there; returns `root`.

    `name` names the demo in the cache; `arguments` is everything else the build is given
    (scale, last date, maps), so two builds differ in their digest when they differ at all.
    """
    if os.environ.get(SWITCH, "").lower() in ("off", "0", "no"):
        build(root)
        return root
    entry = _build_into_cache(name, sources_digest(arguments), build)
    shutil.copytree(entry, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns(COMPLETE))
    return root
