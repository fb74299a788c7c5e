"""What kind of file this is (roster, payments, villages …), told from its headers.

A user hands over a folder of files in any order: each sheet's header is matched against every
kind's synonyms, and the kind whose signature columns are all there and that matches the most
columns wins. A mapping file can name a file's kind when its headers do not tell. A table no
kind fits, with a column of ID numbers, is a department's list when the user named a department
for the import or the file's name names one (`医保住院结算2025.xlsx`): such lists often carry
only 姓名, 身份证号, a date and an amount.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.importer.departments import department_in_name
from dashboard.importer.headers import KINDS, Mapping, match_headers, normalize_header, score

DEPARTMENT = "department"


@dataclass(frozen=True)
class Recognition:
    """The kind found (None when none fits), and every kind's score for the summary."""

    kind: str | None
    scores: dict[str, int]
    ambiguous: tuple[str, ...] = ()
    by_mapping: bool = False


def recognise(
    headers: list[str], file_name: str, mapping: Mapping, *, department_named: bool = False
) -> Recognition:
    """The kind of a table with these headers; the mapping file's word wins when it has one.

    `department_named`: the user named the department of the import's lists, so a table no
    other kind fits that has an ID number column is that department's list."""
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
        if (department_named or department_in_name(file_name)) and _has_id_numbers(
            headers, mapping
        ):
            return Recognition(DEPARTMENT, scores)
        return Recognition(None, scores)
    best = max(signed.values())
    winners = tuple(kind for kind, matched in signed.items() if matched == best)
    if len(winners) > 1:
        return Recognition(None, scores, ambiguous=winners)
    return Recognition(winners[0], scores)


def _has_id_numbers(headers: list[str], mapping: Mapping) -> bool:
    return any(
        match.field == "id_number" and not match.unsure
        for match in match_headers(DEPARTMENT, headers, mapping)
    )
