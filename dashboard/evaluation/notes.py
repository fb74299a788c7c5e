"""The problems and next steps people write for a period, kept in `<data dir>/notes/<period>.json`.

One file per period; inside, one entry per scope ("town", or a village code). Written
atomically (a temporary file in the same folder, then renamed), so a reader never sees half.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
from pathlib import Path

from dashboard.errors import TuopinError
from dashboard.evaluation.period import Period

NOTES_FOLDER = "notes"
TOWN_SCOPE = "town"
MAX_NOTE_CHARACTERS = 20_000  # a page of text; past this it is not a note but a pasted file


def notes_path(data_dir: Path, period: Period) -> Path:
    return Path(data_dir) / NOTES_FOLDER / f"{period.code}.json"


def load_notes(data_dir: Path, period: Period, village_code: str | None) -> dict[str, str]:
    """{"problems": ..., "next_steps": ...} of a period and scope; empty strings when none."""
    path = notes_path(data_dir, period)
    empty = {"problems": "", "next_steps": ""}
    if not path.is_file():
        return empty
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise TuopinError(
            f"讲评备注文件无法读取：{path}（{error}）。请修正或删除该文件。",
            f"The evaluation notes file cannot be read: {path} ({error}). Fix or delete it.",
        ) from error
    entry = stored.get("scopes", {}).get(village_code or TOWN_SCOPE, {})
    return {key: str(entry.get(key, "")) for key in empty}


def save_notes(
    data_dir: Path, period: Period, village_code: str | None, problems: str, next_steps: str
) -> Path:
    """Store a scope's notes for a period (other scopes in the file are kept); returns the path."""
    for label, value in (("problems", problems), ("next_steps", next_steps)):
        if len(value) > MAX_NOTE_CHARACTERS:
            raise TuopinError(
                f"备注过长（{label}：{len(value)} 字，上限 {MAX_NOTE_CHARACTERS}）。请删减后再保存。",
                f"The note is too long ({label}: {len(value)} characters, at most "
                f"{MAX_NOTE_CHARACTERS}). Shorten it and save again.",
            )
    path = notes_path(data_dir, period)
    path.parent.mkdir(parents=True, exist_ok=True)
    stored = {"period": period.code, "scopes": {}}
    if path.is_file():
        # A broken file is replaced by a good one.
        with contextlib.suppress(json.JSONDecodeError):
            stored = json.loads(path.read_text(encoding="utf-8"))
    stored.setdefault("scopes", {})[village_code or TOWN_SCOPE] = {
        "problems": problems,
        "next_steps": next_steps,
        "updated_at": dt.datetime.now().isoformat(timespec="seconds"),
    }
    handle, temporary = tempfile.mkstemp(prefix=".notes-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(stored, file, ensure_ascii=False, indent=2)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def lines(text: str) -> list[str]:
    """The non-empty lines of a note, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]
