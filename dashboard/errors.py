"""Errors meant for people: each says what was wrong, where, and what to do, in Chinese and English."""

from __future__ import annotations

from pathlib import Path


class TuopinError(Exception):
    """An error a user can act on; `str()` gives the Chinese line, then the English one."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(f"{message_zh}\n{message_en}")
        self.message_zh = message_zh
        self.message_en = message_en

    def message(self, lang: str = "zh") -> str:
        """The message in one language (`zh` or `en`)."""
        return self.message_en if lang == "en" else self.message_zh


class SnapshotNotFound(TuopinError):
    """A snapshot date was asked for that the data directory does not hold."""


class SnapshotExists(TuopinError):
    """Writing a snapshot date that already exists, without asking to replace it."""


class InvalidSnapshot(TuopinError):
    """Tables handed to the writer do not follow the data contract."""


class RealDataPresent(TuopinError):
    """The demo generator was pointed at a directory that holds imported, real data."""


class QueryError(TuopinError):
    """A query file is missing, or was run without the parameters it needs."""


class UnreadParameters(QueryError, ValueError):
    """A query was given parameters its SQL does not read: its caller believes a value changes
    the result when it does not (a `stale_days` left over after the query stopped using it)."""


def check_output_file(out: Path, endings: tuple[str, ...] = ()) -> Path:
    """`out` as a command may write it: ending in one of `endings` (any, when empty), in a folder
    that exists; TuopinError otherwise, before anything is computed or written."""
    if endings and out.suffix.lower() not in endings:
        raise TuopinError(
            f"输出文件应以 {' 或 '.join(endings)} 结尾：{out}",
            f"The output file should end in {' or '.join(endings)}: {out}",
        )
    if not out.parent.is_dir():
        raise TuopinError(
            f"输出目录不存在：{out.parent}。请先创建它。",
            f"The output folder does not exist: {out.parent}. Create it first.",
        )
    return out
