"""The import: read → recognise → match headers → parse → assemble and validate → write one snapshot.

`plan_import` does everything but writing and never touches the data directory, so the CLI's
`--dry-run` and the /import page's preview show exactly what a real import would do.
`write_import` keeps the source files (content-addressed under `<data dir>/sources/`, so a
killed import leaves at most an unused copy) and writes the snapshot through
`dashboard.snapshots.write_snapshot`, which stages and renames: the snapshot appears whole or
not at all, and no existing snapshot is touched unless replacing was asked for.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from dashboard import contract
from dashboard.access import audit
from dashboard.errors import RealDataPresent, TuopinError
from dashboard.importer.assemble import carry_over
from dashboard.importer.departments import UnknownDepartment, named_department
from dashboard.importer.headers import (
    HOUSEHOLD_FIELDS,
    KIND_LABELS,
    SOURCE_OPTIONAL,
    ColumnMatch,
    Mapping,
    layout_id,
    load_mapping,
    mapping_toml,
    match_headers,
    merged,
)
from dashboard.importer.kinds import DEPARTMENT, recognise
from dashboard.importer.readers import UnreadableFile, locate_table, read_file
from dashboard.importer.tables.context import Context
from dashboard.importer.validate import (
    ERROR,
    WARNING,
    Assembler,
    Derivation,
    ParsedFile,
    Problem,
    Problems,
    missing_requirements,
    parse_records,
    requirement_label,
)
from dashboard.masking import mask, mask_id_numbers_in
from dashboard.snapshots import SnapshotInfo, list_snapshots, read_table, write_snapshot

SOURCES_FOLDER = "sources"  # beside snapshots/: <data dir>/sources/<sha256>/<file name>
PROGRESS_EVERY_ROWS = 5_000  # a long file reports how far it got this often
COLUMN_SAMPLE_ROWS = 200  # rows whose values are evidence of what a column holds
HASH_CHUNK_BYTES = 1 << 20
# The warnings of an import are kept in its manifest, for the /quality page; a file that warns
# on every row must not make the manifest huge, so only the first ones are kept (the total is
# kept beside them).
MAX_KEPT_WARNINGS = 5_000
MAX_KEPT_ROWS = 1_000  # rows kept of one grouped warning (its count is kept whole)

Progress = Callable[[str], None]


@dataclass
class SourceFile:
    """One file handed to the import."""

    name: str
    path: Path
    sha256: str
    size_bytes: int
    sheets: list[dict] = field(default_factory=list)  # {"sheet", "kind", "rows"}

    @property
    def rows(self) -> int:
        return sum(sheet["rows"] for sheet in self.sheets)

    @property
    def kind(self) -> str | None:
        kinds = sorted({sheet["kind"] for sheet in self.sheets})
        return ",".join(kinds) if kinds else None


@dataclass
class ImportPlan:
    """What an import would write, and every problem found; nothing is on disk yet."""

    snapshot_date: dt.date
    sources: list[SourceFile]
    files: list[ParsedFile]
    problems: list[Problem]
    derived: list[Derivation]
    tables: dict[str, pa.Table] | None
    mapping: Mapping
    not_in_source: dict[str, list[str]] = field(default_factory=dict)
    # department lists alone: the earlier snapshot whose register (and records) they join
    base: SnapshotInfo | None = None
    department: str | None = None  # the department the user named for the lists

    @property
    def guesses(self) -> list[tuple[ParsedFile, ColumnMatch]]:
        """The columns matched without certainty: the user confirms them before anything is
        written (on /import, or with --mapping / --accept-guesses on the command line)."""
        return [
            (parsed, match) for parsed in self.files for match in parsed.matches if match.unsure
        ]

    @property
    def errors(self) -> list[Problem]:
        return Problems(self.problems).errors

    @property
    def warnings(self) -> list[Problem]:
        return Problems(self.problems).warnings

    @property
    def ok(self) -> bool:
        return self.tables is not None and not self.errors

    @property
    def fingerprint(self) -> list[str]:
        """The sorted SHA-256 of the files: the same files give the same fingerprint."""
        return sorted(source.sha256 for source in self.sources)

    @property
    def carried_records(self) -> int:
        """The department records carried over from the earlier snapshot (lists alone)."""
        return int(self.base.row_counts.get("department_records", 0)) if self.base else 0

    @property
    def added_records(self) -> int:
        """The department records the import's lists add (after those carried over)."""
        return self.row_counts().get("department_records", 0) - self.carried_records

    def row_counts(self) -> dict[str, int]:
        return {name: table.num_rows for name, table in (self.tables or {}).items()}

    def source_manifest(self) -> dict:
        """The manifest's `source`: the files with their SHA-256, and what was derived."""
        return {
            "kind": "import",
            "files": [
                {
                    "name": source.name,
                    "sha256": source.sha256,
                    "kind": source.kind,
                    "rows": source.rows,
                    "sheets": source.sheets,
                    "stored_as": f"{SOURCES_FOLDER}/{source.sha256}/{source.name}",
                }
                for source in self.sources
            ],
            "derived": [derivation.as_dict() for derivation in self.derived],
            "warnings": [kept_warning(problem) for problem in self.warnings[:MAX_KEPT_WARNINGS]],
            "warnings_total": len(self.warnings),
            "mapping": self.mapping.path and Path(self.mapping.path).name,
            **(
                {
                    "carried_over_from": {
                        "snapshot_date": self.base.snapshot_date.isoformat(),
                        "written_at": self.base.manifest.get("written_at"),
                        "source_kind": self.base.source_kind,
                    }
                }
                if self.base is not None
                else {}
            ),
            **({"department": self.department} if self.department else {}),
        }


def kept_warning(problem: Problem) -> dict:
    """One warning as the manifest keeps it: where, the value masked, the message in both."""
    return {
        "file": problem.file,
        "sheet": problem.sheet,
        "row": problem.row,
        "column": problem.column,
        "field": problem.field,
        "value": mask(problem.field, problem.value),
        "message_zh": mask_id_numbers_in(problem.message_zh),
        "message_en": mask_id_numbers_in(problem.message_en),
        "kind": problem.kind,
        "count": problem.count,
        # a warning that stands for many rows keeps the first of them (the manifest stays small)
        "rows": problem.rows[:MAX_KEPT_ROWS] if problem.rows else None,
        "suggestion": problem.suggestion,
    }


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(HASH_CHUNK_BYTES), b""):
            digest.update(chunk)
    return digest.hexdigest()


def plan_import(
    paths: list[Path],
    snapshot_date: dt.date,
    mapping: Mapping | Path | None = None,
    *,
    progress: Progress | None = None,
    names: list[str] | None = None,
    data_dir: Path | None = None,
    department: str | None = None,
) -> ImportPlan:
    """Read and validate `paths` as one snapshot of `snapshot_date`; write nothing.

    `names` are the names shown to the user (an upload's original names); default the paths'.
    `data_dir`: the mappings confirmed there before are used for files of the same layout
    (the explicit `mapping` wins over them).
    `department` (a code or a label: 医保, medical_insurance): the department of the import's
    lists, for the lists that do not say it themselves. An import of department lists alone
    carries the register of `data_dir`'s latest snapshot on or before `snapshot_date` over
    unchanged, with its department records, and adds the lists' records after them.
    """
    if not isinstance(mapping, Mapping):
        mapping = load_mapping(mapping)
    remembered = remembered_layouts(data_dir) if data_dir else {}
    say = progress or (lambda message: None)
    problems = Problems()
    sources: list[SourceFile] = []
    parsed: list[ParsedFile] = []
    file_level_error = False
    deferred: list[tuple[tuple, list[tuple[str, ...]]]] = []  # roster columns a form may hold
    names = names or [Path(path).name for path in paths]
    try:
        department = named_department(department)
    except UnknownDepartment as error:
        problems.add(ERROR, ("", None, None), None, None, error.message_zh, error.message_en)
        file_level_error = True
        department = None
    if not paths:
        problems.add(
            ERROR, ("", None, None), None, None, "没有给出任何文件。", "No file was given."
        )
        file_level_error = True
    for path, name in zip(paths, names, strict=True):
        path = Path(path)
        if not path.is_file():
            problems.add(
                ERROR,
                (name, None, None),
                None,
                None,
                f"找不到文件 {path}。",
                f"The file {path} does not exist.",
            )
            file_level_error = True
            continue
        source = SourceFile(name, path, sha256_of(path), path.stat().st_size)
        if source.sha256 in {other.sha256 for other in sources}:
            twin = next(other.name for other in sources if other.sha256 == source.sha256)
            problems.add(
                ERROR,
                (name, None, None),
                None,
                None,
                f"{name} 与 {twin} 内容完全相同，同一文件只能导入一次。",
                f"{name} has the same content as {twin}; give each file once.",
            )
            file_level_error = True
            continue
        sources.append(source)
        say(f"读取 / reading {name} ({source.size_bytes:,} bytes)")
        try:
            sheets = read_file(path, name)
        except UnreadableFile as error:
            problems.add(ERROR, (name, None, None), None, None, error.message_zh, error.message_en)
            file_level_error = True
            continue
        found_any = False
        for sheet in sheets:
            layout = locate_table(sheet)
            if layout is None:
                continue
            found_any = True
            sheet_mapping = mapping
            if layout_id(layout.headers) in remembered:
                sheet_mapping = merged(mapping, remembered[layout_id(layout.headers)])
            recognition = recognise(
                layout.headers, name, sheet_mapping, department_named=department is not None
            )
            where = (name, sheet.sheet_name, layout.header_rows[-1])
            if recognition.kind is None:
                shown = "、".join(header for header in layout.headers if header)[:200]
                if recognition.ambiguous:
                    labels = "、".join(KIND_LABELS[kind][0] for kind in recognition.ambiguous)
                    zh = f"无法确定这是哪一种表（像{labels}）。请在映射文件的 [kinds] 中写明。"
                    en = f"Cannot tell which kind of file this is (it looks like {', '.join(recognition.ambiguous)}). Name its kind under [kinds] in a mapping file."
                else:
                    zh = f"无法识别这是哪一种表：表头（{shown}）与任何一种都对不上。请对照 docs/import/ 中的说明检查表头，或用映射文件指明。"
                    en = f"Cannot tell which kind of file this is: its headers ({shown}) fit none of the kinds. Check them against docs/import/, or name the columns in a mapping file."
                problems.add(ERROR, where, None, None, zh, en)
                file_level_error = True
                continue
            kind = recognition.kind
            sample = [cells for _, cells in layout.data[:COLUMN_SAMPLE_ROWS]]
            columns = [list(column) for column in zip(*sample, strict=False)] if sample else None
            matches = match_headers(kind, layout.headers, sheet_mapping, columns)
            _report_columns(kind, matches, where, problems)
            missing = missing_requirements(kind, {m.field for m in matches if m.field})
            if kind == "roster":  # a household form in the same import may hold these
                household_groups = [g for g in missing if set(g) <= set(HOUSEHOLD_FIELDS)]
                missing = [g for g in missing if g not in household_groups]
                if household_groups:
                    deferred.append((where, household_groups))
            for group in missing:
                problems.add(
                    ERROR,
                    where,
                    None,
                    None,
                    f"{KIND_LABELS[kind][0]}缺少必需的列：{requirement_label(kind, group, 'zh')}。",
                    f"The {KIND_LABELS[kind][1]} file lacks a required column: {requirement_label(kind, group, 'en')}.",
                )
            if missing:
                file_level_error = True
                continue
            if not layout.data:
                problems.add(
                    ERROR,
                    where,
                    None,
                    None,
                    "表头下面没有任何数据行。",
                    "There is no data row under the header.",
                )
                file_level_error = True
                continue
            records = []
            for start in range(0, len(layout.data), PROGRESS_EVERY_ROWS):
                chunk = layout.data[start : start + PROGRESS_EVERY_ROWS]
                records += parse_records(name, sheet.sheet_name, kind, matches, chunk, problems)
                if len(layout.data) > PROGRESS_EVERY_ROWS:
                    say(
                        f"  {name}: {min(start + PROGRESS_EVERY_ROWS, len(layout.data)):,}/{len(layout.data):,} 行 / rows"
                    )
            parsed.append(
                ParsedFile(
                    name,
                    sheet.sheet_name,
                    kind,
                    matches,
                    records,
                    layout.header_rows,
                    layout.dropped,
                )
            )
            source.sheets.append({"sheet": sheet.sheet_name, "kind": kind, "rows": len(records)})
        if not found_any:
            problems.add(
                ERROR,
                (name, None, None),
                None,
                None,
                "文件中找不到可识别的表头（前20行中没有“户编号”“证件号码”“金额”等列名）。",
                "No header this importer knows was found in the first 20 rows (such as 户编号, 证件号码, 金额).",
            )
            file_level_error = True
    form_fields = {f for p in parsed if p.kind == "households" for f in p.fields}
    for where, groups in deferred:
        for group in groups:
            if not any(name in form_fields for name in group):
                problems.add(
                    ERROR,
                    where,
                    None,
                    None,
                    f"贫困人口信息表缺少必需的列：{requirement_label('roster', group, 'zh')}"
                    "（也没有含此列的贫困户信息表）。",
                    f"The person roster file lacks a required column: "
                    f"{requirement_label('roster', group, 'en')} (and no household form has it).",
                )
                file_level_error = True
    not_in_source = missing_from_source(parsed)
    tables = None
    derived: list[Derivation] = []
    base = None
    file_ids = {source.name: source.sha256[:16] for source in sources}
    lists_alone = bool(parsed) and all(p.kind == DEPARTMENT for p in parsed)
    if lists_alone and not file_level_error:
        base = register_to_match(data_dir, snapshot_date, problems)
        file_level_error = base is None
    if not file_level_error and base is not None:
        say(f"比对 / matching with the register of {base.snapshot_date.isoformat()}")
        tables, derived = carry_over(
            parsed,
            snapshot_date,
            problems,
            {name: read_table(base, name) for name in contract.TABLE_NAMES},
            department=department,
            file_ids=file_ids,
            progress=say,
        )
        not_in_source = {table: list(cols) for table, cols in base.not_in_source.items()}
    elif not file_level_error:
        say("校验 / validating")
        assembler = Assembler(
            Context(
                parsed,
                snapshot_date,
                problems,
                progress=say,
                not_in_source=not_in_source,
                department=department,
                file_ids=file_ids,
            )
        )
        tables = assembler.run()
        derived = assembler.derived
    return ImportPlan(
        snapshot_date,
        sources,
        parsed,
        problems.items,
        derived,
        tables,
        mapping,
        not_in_source,
        base,
        department,
    )


def register_to_match(
    data_dir: Path | None, snapshot_date: dt.date, problems: Problems
) -> SnapshotInfo | None:
    """The snapshot whose register department lists imported alone are matched against: the
    latest on or before `snapshot_date`; None, with the error said, when there is none."""
    earlier = [
        info
        for info in (list_snapshots(data_dir) if data_dir is not None else [])
        if info.snapshot_date <= snapshot_date
    ]
    if earlier:
        return earlier[-1]
    problems.add(
        ERROR,
        ("", None, None),
        None,
        None,
        f"部门名单要按证件号码与建档立卡名单比对，但数据目录中没有 {snapshot_date.isoformat()} "
        "或更早的快照。请先导入建档立卡名单（或与部门名单一起导入），或改用更晚的快照日期。",
        f"A department's list is matched by ID number to the register, but the data directory "
        f"holds no snapshot of {snapshot_date.isoformat()} or earlier. Import the register first "
        "(or with the lists), or choose a later snapshot date.",
    )
    return None


def missing_from_source(parsed: list[ParsedFile]) -> dict[str, list[str]]:
    """Contract v1.2: per table, the source-optional columns no person or household file of the
    import carries (the snapshot holds them NULL and its manifest names them)."""
    fields = {name for p in parsed if p.kind in ("roster", "households") for name in p.fields}
    if not any(p.kind == "roster" for p in parsed):
        return {}
    found: dict[str, list[str]] = {}
    for group, (table, column) in SOURCE_OPTIONAL.items():
        if not any(name in fields for name in group):
            found.setdefault(table, []).append(column)
    return {table: sorted(columns) for table, columns in found.items()}


def _report_columns(kind: str, matches: list[ColumnMatch], where, problems: Problems) -> None:
    """Name what was not matched: unknown headers, and a second column for the same field."""
    for match in matches:
        if match.how == "unmatched":
            problems.add(
                WARNING,
                where,
                match.header,
                None,
                f"列“{match.header}”无法识别，未导入。如它对应某个字段，请在映射文件中写明。",
                f"The column “{match.header}” is not recognised and not imported. If it holds a known field, name it in a mapping file.",
            )
        elif match.how == "duplicate":
            problems.add(
                WARNING,
                where,
                match.header,
                None,
                f"列“{match.header}”与前面的某一列是同一字段，只导入前一列。",
                f"The column “{match.header}” holds the same field as an earlier column; only the earlier one is imported.",
            )


LAYOUTS_FOLDER = "import_layouts"  # beside snapshots/: a confirmed mapping per export layout


def plan_mapping(plan: ImportPlan) -> str:
    """The plan's columns as a mapping file (TOML): what the user downloads, edits and confirms."""
    return mapping_toml([(parsed.name, parsed.kind, parsed.matches) for parsed in plan.files])


def remember_layouts(data_dir: Path, plan: ImportPlan) -> list[Path]:
    """Keep each file's confirmed columns under `<data dir>/import_layouts/<layout id>.toml`, so
    the next file of the same layout is matched the same way without asking."""
    folder = Path(data_dir) / LAYOUTS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for parsed in plan.files:
        headers = [match.header for match in parsed.matches]
        path = folder / f"{layout_id(headers)}.toml"
        text = mapping_toml([(parsed.name, parsed.kind, parsed.matches)])
        body = text.split("\n[columns.", 1)[1]  # the layout's columns, not its file name
        partial = folder / f".partial-{uuid.uuid4().hex[:8]}"
        partial.write_text("[columns." + body, "utf-8")
        os.replace(partial, path)
        written.append(path)
    return written


def remembered_layouts(data_dir: Path) -> dict[str, Mapping]:
    """Layout id → the mapping confirmed for it in this data directory."""
    folder = Path(data_dir) / LAYOUTS_FOLDER
    if not folder.is_dir():
        return {}
    return {path.stem: load_mapping(path) for path in sorted(folder.glob("*.toml"))}


def already_imported(data_dir: Path, plan: ImportPlan) -> SnapshotInfo | None:
    """The snapshot these very files were imported into before, if any (same SHA-256 set)."""
    for info in list_snapshots(data_dir):
        files = info.manifest.get("source", {}).get("files") or []
        if (
            info.source_kind == "import"
            and sorted(f.get("sha256") for f in files) == plan.fingerprint
        ):
            return info
    return None


def write_import(data_dir: Path, plan: ImportPlan, *, replace: bool = False) -> SnapshotInfo:
    """Keep the source files, then write the plan's snapshot atomically; refuse a failed plan."""
    data_dir = Path(data_dir)
    if not plan.ok:
        raise ImportRefused(
            f"有 {len(plan.errors)} 个错误，未写入任何数据。",
            f"{len(plan.errors)} errors: nothing was written.",
        )
    demo = [info for info in list_snapshots(data_dir) if info.is_demo]
    if demo:
        raise RealDataPresent(
            f"{data_dir} 是演示数据目录，导入的真实数据不会写入这里。请换一个目录，例如 data/town。",
            f"{data_dir} holds the demo; imported data is never written there. Choose another "
            "directory, such as data/town.",
        )
    data_dir.mkdir(parents=True, exist_ok=True)
    for source in plan.sources:
        keep_source(data_dir, source)
    remember_layouts(data_dir, plan)  # written only with the snapshot: the user confirmed
    info = write_snapshot(
        data_dir,
        plan.snapshot_date,
        plan.tables,
        plan.source_manifest(),
        replace=replace,
        not_in_source=plan.not_in_source,
    )
    # The one place both the CLI and /import pass through.
    audit.record_for(
        data_dir,
        "import",
        snapshot=plan.snapshot_date.isoformat(),
        files=[source.name for source in plan.sources],
        rows=info.row_counts,
        replaced=replace,
    )
    return info


class ImportRefused(TuopinError):
    """An import with errors: nothing is written."""


def keep_source(data_dir: Path, source: SourceFile) -> Path:
    """Copy a source file to `<data dir>/sources/<sha256>/<name>`, atomically and only once."""
    folder = data_dir / SOURCES_FOLDER / source.sha256
    target = folder / source.name
    if target.is_file():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".partial-{uuid.uuid4().hex[:8]}"
    shutil.copyfile(source.path, partial)
    with open(partial, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, target)
    return target


def plan_uploaded(
    uploads: list[tuple[str, bytes]],
    snapshot_date: dt.date,
    mapping: tuple[str, bytes] | Mapping | None = None,
    *,
    workdir: Path | None = None,
    progress: Progress | None = None,
    data_dir: Path | None = None,
    department: str | None = None,
) -> ImportPlan:
    """`plan_import` for files uploaded through the page: they are saved to a folder first.

    The folder (a new temporary one unless `workdir`) stays, because `write_import` copies the
    sources from it when the user confirms.
    """
    folder = Path(workdir or tempfile.mkdtemp(prefix="tuopin-upload-"))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, (name, content) in enumerate(uploads):
        path = folder / f"{number:03d}-{Path(name).name}"
        path.write_bytes(content)
        paths.append(path)
    if isinstance(mapping, tuple):
        mapping_path = folder / Path(mapping[0]).name
        mapping_path.write_bytes(mapping[1])
        mapping = load_mapping(mapping_path)
    return plan_import(
        paths,
        snapshot_date,
        mapping,
        names=[Path(name).name for name, _ in uploads],
        progress=progress,
        data_dir=data_dir if data_dir and Path(data_dir).is_dir() else None,
        department=department,
    )
