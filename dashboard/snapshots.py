"""Snapshots on disk: where they live, how they are listed, and how one is written whole or not at all.

Layout (see the data contract)::

    <data dir>/snapshots/snapshot_date=2018-06-30/households.parquet
    <data dir>/snapshots/snapshot_date=2018-06-30/manifest.json

A snapshot is written under a staging name beside its final place and renamed into place in one
`os.rename`, so a reader sees the whole snapshot or none of it, and a writer that dies midway
leaves only a staging folder that every reader ignores.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dashboard import contract
from dashboard.errors import InvalidSnapshot, SnapshotExists, SnapshotNotFound
from dashboard.settings import DATA_VARIABLE, environment

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data" / "demo"
SNAPSHOTS_FOLDER = "snapshots"
PARTITION_KEY = "snapshot_date"
MANIFEST_NAME = "manifest.json"
STAGING_PREFIX = ".staging-"  # hidden: never matched by the readers' globs
PARQUET_COMPRESSION = "zstd"
ROWS_PER_FILE = 1_000_000  # past this a table becomes a folder of part files


def default_data_dir() -> Path:
    """`$TUOPIN_DATA` if set, else the demo town's `data/demo`."""
    configured = environment(DATA_VARIABLE)
    return Path(configured) if configured else DEFAULT_DATA_DIR


@dataclass(frozen=True)
class SnapshotInfo:
    """One snapshot on disk and what its manifest says of it."""

    snapshot_date: dt.date
    path: Path
    manifest: dict

    @property
    def source_kind(self) -> str:
        return self.manifest.get("source", {}).get("kind", "unknown")

    @property
    def is_demo(self) -> bool:
        return self.source_kind == "demo"

    @property
    def demo_scale(self) -> str | None:
        """The demo's scale (town, county, province) for a demo snapshot, else None."""
        if not self.is_demo:
            return None
        return str(self.manifest.get("source", {}).get("scale") or "town")

    @property
    def row_counts(self) -> dict[str, int]:
        return self.manifest.get("tables", {})

    @property
    def not_in_source(self) -> dict[str, tuple[str, ...]]:
        """Contract v1.2: per table, the columns this snapshot's source did not carry (NULL)."""
        listed = self.manifest.get("not_in_source") or {}
        return {table: tuple(columns) for table, columns in listed.items()}

    def lacks(self, topic: str) -> bool:
        """Whether a figure about `topic` (a key of SOURCE_TOPICS: family_doctor, housing …)
        depends on a column this snapshot's source did not carry. Pages, the deck and the
        narrative then show NOT_IN_SOURCE instead of a count of false values."""
        table, column = SOURCE_TOPICS[topic]
        return self.lacks_column(table, column)

    def lacks_column(self, table: str, column: str) -> bool:
        """Whether this snapshot's source did not carry `table.column` (NULL in every row)."""
        return column in self.not_in_source.get(table, ())

    @property
    def identity(self) -> str:
        """Changes whenever the snapshot is rewritten: part of every cache key."""
        return f"{self.snapshot_date.isoformat()}@{self.manifest.get('written_at', '')}"


# The figures that rest on a source-optional column (contract v1.2), by topic: the one table
# pages, the deck and the narrative ask (SnapshotInfo.lacks) before showing such a figure.
SOURCE_TOPICS: dict[str, tuple[str, str]] = {
    "family_doctor": ("households", "family_doctor_signed"),
    "medical_insurance": ("members", "medical_insurance"),
    "housing": ("households", "housing_safe"),
    "drinking_water": ("households", "drinking_water_safe"),
    "attribute": ("households", "attribute"),
    "main_cause": ("households", "main_cause"),
    "education": ("members", "education"),
    "migrant_work": ("members", "migrant_work"),
}
NOT_IN_SOURCE = {"zh": "来源未提供", "en": "not in the source"}


def not_in_source_label(lang: str) -> str:
    """What stands in place of a figure whose column the source did not carry."""
    return NOT_IN_SOURCE.get(lang, NOT_IN_SOURCE["zh"])


# The frame attribute the data layer sets on a query's result: the figures (output columns, or
# rows of a long result named by its first column) that rest on a column the snapshot's source
# did not carry. Those figures are NULL in the frame; pages, the deck and the narrative ask
# `lacking` and show NOT_IN_SOURCE in their place, never a 0 or a 0 %.
NOT_IN_SOURCE_ATTRIBUTE = "not_in_source"
# The figure name a list query declares when the whole list rests on a source-optional column
# (`-- not_in_source: rows <- households.family_doctor_signed`): the households without a family
# doctor are unknown, not none.
WHOLE_RESULT = "rows"


def lacking(frame: object) -> frozenset[str]:
    """The figures of `frame` (a query's result from `Database.run`, or one of its rows) that
    rest on a column the snapshot's source did not carry."""
    return frozenset(getattr(frame, "attrs", {}).get(NOT_IN_SOURCE_ATTRIBUTE, ()))


def is_lacking(frame: object, *figures: str) -> bool:
    """Whether any of `figures` of `frame` rests on a column its source did not carry."""
    marked = lacking(frame)
    return any(figure in marked for figure in figures)


def shown_or_label(frame: object, figure: str, shown: str, lang: str) -> str:
    """`shown` (a figure as written for a reader), or NOT_IN_SOURCE in its place when it rests
    on a column the source did not carry."""
    return not_in_source_label(lang) if is_lacking(frame, figure) else shown


def snapshot_folder_name(snapshot_date: dt.date) -> str:
    return f"{PARTITION_KEY}={snapshot_date.isoformat()}"


def parse_date(text: str) -> dt.date:
    """Parse YYYY-MM-DD, with an error in both languages when it is not such a date."""
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise SnapshotNotFound(
            f"日期格式不对：{text!r}，应为 YYYY-MM-DD，例如 2018-06-30。",
            f"Not a date: {text!r}; write it as YYYY-MM-DD, e.g. 2018-06-30.",
        ) from None


def list_snapshots(data_dir: Path) -> list[SnapshotInfo]:
    """Every complete snapshot under `data_dir`, oldest first; staging folders are ignored."""
    root = Path(data_dir) / SNAPSHOTS_FOLDER
    if not root.is_dir():
        return []
    found = []
    for folder in sorted(root.iterdir()):
        if not folder.name.startswith(f"{PARTITION_KEY}=") or not folder.is_dir():
            continue
        manifest = _read_manifest(folder / MANIFEST_NAME)
        if manifest is None:
            continue
        snapshot_date = dt.date.fromisoformat(folder.name.split("=", 1)[1])
        found.append(SnapshotInfo(snapshot_date, folder, manifest))
    return sorted(found, key=lambda info: info.snapshot_date)


_MANIFESTS: dict[tuple[str, int, int], dict] = {}  # (path, mtime_ns, size) → its manifest


def _read_manifest(path: Path) -> dict | None:
    """A manifest's content, None when there is none; parsed once per version of the file.

    Pages list the snapshots a dozen times a run; a rewritten manifest (a re-import) has a
    new modification time or size, so it is read again.
    """
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _MANIFESTS:
        if len(_MANIFESTS) > 1024:
            _MANIFESTS.clear()
        _MANIFESTS[key] = json.loads(path.read_text(encoding="utf-8"))
    return _MANIFESTS[key]


def get_snapshot(data_dir: Path, snapshot_date: dt.date | str | None = None) -> SnapshotInfo:
    """The snapshot of `snapshot_date` (the latest when None), or an error listing those there are."""
    snapshots = list_snapshots(data_dir)
    if not snapshots:
        raise SnapshotNotFound(
            f"数据目录 {data_dir} 中没有任何快照。请先运行 `tuopin demo` 或 `tuopin import`。",
            f"The data directory {data_dir} holds no snapshot. "
            "Run `tuopin demo` or `tuopin import` first.",
        )
    if snapshot_date is None:
        return snapshots[-1]
    if isinstance(snapshot_date, str):
        snapshot_date = parse_date(snapshot_date)
    for info in snapshots:
        if info.snapshot_date == snapshot_date:
            return info
    available = ", ".join(info.snapshot_date.isoformat() for info in snapshots)
    raise SnapshotNotFound(
        f"没有 {snapshot_date.isoformat()} 的快照。现有快照：{available}。",
        f"There is no snapshot dated {snapshot_date.isoformat()}. Snapshots: {available}.",
    )


def _differences(expected, given) -> tuple[list, list]:
    """What `expected` names that `given` lacks, and what `given` has that `expected` does not
    name, each in its own order."""
    lacking_names = [name for name in expected if name not in given]
    unknown_names = [name for name in given if name not in expected]
    return lacking_names, unknown_names


def to_contract_table(
    name: str, frame: pd.DataFrame | pa.Table, not_in_source: tuple[str, ...] | list[str] = ()
) -> pa.Table:
    """Convert a frame to the contract's exact Arrow schema for table `name`, or say what is wrong.

    Checks that the columns are the contract's, that values fit the types, and that NOT NULL
    columns hold no null. `not_in_source` names the source-optional columns (contract v1.2) the
    source did not carry: they may be NULL, and only those.
    """
    spec = contract.table(name)
    wrong = [
        column
        for column in not_in_source
        if column not in spec.column_names or not spec.column(column).source_optional
    ]
    if wrong:
        raise InvalidSnapshot(
            f"表 {name} 的列 {wrong} 不能标为“来源未提供”（只有 {spec.source_optional_columns} 可以）。",
            f"Columns {wrong} of {name} cannot be marked not in the source "
            f"(only {spec.source_optional_columns} can).",
        )
    columns = list(frame.column_names if isinstance(frame, pa.Table) else frame.columns)
    frame = _with_added_columns(spec, frame, columns)
    nullable = tuple(not_in_source)
    if name == "households" and _has_monitored_only(frame):
        # v1.2: an ordinary household under monitoring has no 贫困户属性 (checked row by row below)
        nullable += ("attribute",)
    schema = spec.arrow_schema(nullable)
    columns = list(frame.column_names if isinstance(frame, pa.Table) else frame.columns)
    missing, extra = _differences(spec.column_names, columns)
    if missing or extra:
        raise InvalidSnapshot(
            f"表 {name} 的列与数据契约不符：缺少 {missing}，多出 {extra}。",
            f"Table {name} does not match the data contract: missing {missing}, extra {extra}.",
        )
    if len(frame) == 0:
        return schema.empty_table()  # an empty frame carries no types worth keeping
    try:
        if isinstance(frame, pa.Table):
            data = frame.select(spec.column_names).cast(schema)
        else:
            data = pa.Table.from_pandas(
                frame[spec.column_names], schema=schema, preserve_index=False
            )
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, ValueError) as error:
        raise InvalidSnapshot(
            f"表 {name} 的数据类型与数据契约不符：{error}",
            f"Table {name} has values that do not fit the contract's types: {error}",
        ) from None
    for column in spec.columns:
        nulls = data.column(column.name).null_count
        if nulls and column.name == "attribute" and name == "households":
            # v1.2: an ordinary household under monitoring has no 贫困户属性.
            nulls = pc.sum(
                pc.and_(
                    pc.is_null(data.column("attribute")),
                    pc.not_equal(data.column("status"), "monitored_only"),
                )
            ).as_py()
        if not column.nullable and column.name not in not_in_source and nulls:
            raise InvalidSnapshot(
                f"表 {name} 的列 {column.name} 不能为空，但有 {nulls} 行为空。",
                f"Column {name}.{column.name} may not be empty, but {nulls} rows are.",
            )
    return data


def _has_monitored_only(frame: pd.DataFrame | pa.Table) -> bool:
    """Whether a households frame holds any `monitored_only` household (contract v1.2)."""
    columns = frame.column_names if isinstance(frame, pa.Table) else list(frame.columns)
    if "status" not in columns or len(frame) == 0:
        return False
    if isinstance(frame, pa.Table):
        return bool(pc.any(pc.equal(frame.column("status"), "monitored_only")).as_py())
    return bool((frame["status"] == "monitored_only").any())


def _with_added_columns(
    spec: contract.Table, frame: pd.DataFrame | pa.Table, columns: list[str]
) -> pd.DataFrame | pa.Table:
    """`frame` with the optional columns a later contract version added filled as NULL.

    The contract only ever adds optional columns, so a producer written for an earlier version
    (an old import mapping, a test fixture) still writes a valid snapshot: it simply knows
    nothing of those columns.
    """
    added = [
        column
        for column in spec.columns
        if column.nullable and column.since != "1" and column.name not in columns
    ]
    if not added:
        return frame
    if isinstance(frame, pa.Table):
        for column in added:
            frame = frame.append_column(
                column.name, pa.nulls(frame.num_rows, contract.arrow_type(column.duckdb_type))
            )
        return frame
    frame = frame.copy()
    for column in added:
        frame[column.name] = None
    return frame


def write_snapshot(
    data_dir: Path,
    snapshot_date: dt.date,
    tables: dict[str, pd.DataFrame | pa.Table],
    source: dict,
    *,
    replace: bool = False,
    not_in_source: dict[str, list[str]] | None = None,
) -> SnapshotInfo:
    """Write one complete snapshot atomically and return it.

    `tables` must hold every contract table (empty ones included). `source` goes into the
    manifest as is, e.g. ``{"kind": "demo", "seed": 20180511}`` or ``{"kind": "import",
    "files": [...]}``. An existing snapshot of the same date is refused unless `replace`.
    `not_in_source` (contract v1.2): per table, the columns the source did not carry; they are
    written NULL and listed in the manifest.
    """
    not_in_source = {name: sorted(columns) for name, columns in (not_in_source or {}).items()}
    # Tables a later contract version added (monitoring, department_records): a producer that
    # knows nothing of them writes them empty, as an older snapshot reads.
    tables = dict(tables)
    for spec in contract.TABLES:
        if spec.since != "1" and spec.name not in tables:
            tables[spec.name] = spec.arrow_schema().empty_table()
    missing, unknown = _differences(contract.TABLE_NAMES, tables)
    if missing or unknown:
        raise InvalidSnapshot(
            f"快照缺少表 {missing}，或有未知的表 {unknown}。",
            f"A snapshot needs every contract table: missing {missing}, unknown {unknown}.",
        )
    arrow_tables = {
        name: to_contract_table(name, tables[name], not_in_source.get(name, ()))
        for name in contract.TABLE_NAMES
    }

    root = Path(data_dir) / SNAPSHOTS_FOLDER
    final_path = root / snapshot_folder_name(snapshot_date)
    if final_path.exists() and not replace:
        raise SnapshotExists(
            f"{snapshot_date.isoformat()} 的快照已存在（{final_path}）。如确需替换，请加 --force。",
            f"A snapshot dated {snapshot_date.isoformat()} already exists ({final_path}). "
            "Pass --force to replace it.",
        )
    root.mkdir(parents=True, exist_ok=True)
    staging = root / f"{STAGING_PREFIX}{snapshot_date.isoformat()}-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    try:
        for name, data in arrow_tables.items():
            _write_table(staging, name, data)
        manifest = {
            "contract_version": contract.CONTRACT_VERSION,
            "snapshot_date": snapshot_date.isoformat(),
            "written_at": dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
            "source": source,
            "tables": {name: data.num_rows for name, data in arrow_tables.items()},
        }
        if any(not_in_source.values()):
            manifest["not_in_source"] = {name: cols for name, cols in not_in_source.items() if cols}
        manifest_path = staging / MANIFEST_NAME
        manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
        _fsync_tree(staging)
        if final_path.exists():
            # Swap: the old snapshot leaves under a hidden name, the new one takes its place.
            retired = root / f"{STAGING_PREFIX}retired-{uuid.uuid4().hex[:8]}"
            os.rename(final_path, retired)
            os.rename(staging, final_path)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.rename(staging, final_path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return SnapshotInfo(snapshot_date, final_path, manifest)


def read_table(info: SnapshotInfo, name: str) -> pa.Table:
    """One contract table of a snapshot as written (one file, or a folder of parts); a table a
    later contract version added that an older snapshot lacks reads empty (contract v1.2)."""
    single = info.path / f"{name}.parquet"
    if single.is_file():
        return pq.read_table(single)
    parts = sorted((info.path / name).glob("part-*.parquet"), key=lambda p: int(p.stem[5:]))
    if parts:
        return pa.concat_tables([pq.read_table(part) for part in parts])
    return contract.table(name).arrow_schema().empty_table()


def _write_table(folder: Path, name: str, data: pa.Table) -> None:
    if data.num_rows <= ROWS_PER_FILE:
        pq.write_table(data, folder / f"{name}.parquet", compression=PARQUET_COMPRESSION)
        return
    parts = folder / name
    parts.mkdir()
    for number, start in enumerate(range(0, data.num_rows, ROWS_PER_FILE)):
        part = data.slice(start, ROWS_PER_FILE)
        pq.write_table(part, parts / f"part-{number}.parquet", compression=PARQUET_COMPRESSION)


def _fsync_tree(folder: Path) -> None:
    """Flush every file so the rename never publishes a snapshot whose bytes are still in flight."""
    for path in folder.rglob("*"):
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
