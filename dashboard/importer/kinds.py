"""What kind of file this is (roster, payments, villages …), told from its headers.

A user hands over a folder of files in any order: each sheet's header is matched against every
kind's synonyms, and the kind whose signature columns are all there and that matches the most
columns wins. A mapping file can name a file's kind when its headers do not tell.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.importer.headers import KINDS, Mapping, normalize_header, score


@dataclass(frozen=True)
class Recognition:
    """The kind found (None when none fits), and every kind's score for the summary."""

    kind: str | None
    scores: dict[str, int]
    ambiguous: tuple[str, ...] = ()
    by_mapping: bool = False


def recognise(headers: list[str], file_name: str, mapping: Mapping) -> Recognition:
    """The kind of a table with these headers; the mapping file's word wins when it has one."""
    forced = mapping.kinds.get(normalize_header(file_name))
    scores = {}
    signed = {}
    for kind in KINDS:
        has_signature, matched = score(kind, headers, mapping)
        scores[kind] = matched
        if has_signature:
            signed[kind] = matched
    if forced:
        return Recognition(forced, scores, by_mapping=True)
    if not signed:
        return Recognition(None, scores)
    best = max(signed.values())
    winners = tuple(kind for kind, matched in signed.items() if matched == best)
    if len(winners) > 1:
        return Recognition(None, scores, ambiguous=winners)
    return Recognition(winners[0], scores)
