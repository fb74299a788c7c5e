"""Message catalogues: every user-facing string, in Chinese (default) and English.

The catalogues are the TOML files in `dashboard/locales/` (one per page or area, so people
translating or rewording never touch code). Pages never hold literal labels; they call
`text(key, lang)`. A key missing in English falls back to Chinese; a key missing everywhere
shows itself, so a gap is visible on the page instead of breaking it.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
LOCALES_DIR = Path(__file__).resolve().parent / "locales"


@cache
def messages() -> dict[str, dict[str, str]]:
    """Every catalogue merged: key → {"zh": ..., "en": ...}; a key defined twice is an error."""
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(LOCALES_DIR.glob("*.toml")):
        with open(path, "rb") as handle:
            catalogue = tomllib.load(handle)
        for key, entry in catalogue.items():
            if key in merged:
                raise ValueError(f"message key {key!r} is defined twice (again in {path.name})")
            merged[key] = entry
    return merged


def text(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The message `key` in `lang`, with `{placeholders}` filled from `values`."""
    entry = messages().get(key)
    if entry is None:
        return key
    template = entry[lang] if lang in entry else entry[DEFAULT_LANGUAGE]
    return template.format(**values) if values else template
