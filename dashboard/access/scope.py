"""Which rows a viewer may read: the row filter of each contract table, in SQL.

The data layer (`dashboard.data.open_database`) reads the contract's Parquet files as views named
`unscoped_<table>` and gives each table a view of its own name, filtered by the rules below; the
sandbox loads only the filtered rows into memory. The rules read two cursor variables set from
`dashboard.viewer.Viewer`:

- `tuopin_area`: a code prefix; '' is the whole data directory. **Unset means no row at all**
  (default deny): a cursor nobody set up reads nothing.
- `tuopin_helper_id`: set for a helper account; then only the households whose `helper_id` or
  `village_contact_id` it is, and their members, visits, payments, loans and trainings.

Why views reading cursor variables, and not a `where` added to each query or a filtered copy
per user: every query file, every staging view (`household_facts`…) and every macro reads the
contract's table names, so filtering those names filters everything built on them, including
queries written after this; the variables are per cursor, and `Database.run` opens a cursor per
call, so two users' queries at the same moment cannot see each other's scope.
"""

from __future__ import annotations

from dashboard.viewer import AREA_VARIABLE, HELPER_VARIABLE

UNSCOPED_PREFIX = "unscoped_"  # the raw views; no query file may name them (a test checks)

MACROS = (
    # NULL (unset) = '' is NULL, starts_with(code, NULL) is NULL: the row is not read.
    f"""create or replace macro tuopin_in_area(code) as
        getvariable('{AREA_VARIABLE}') = ''
        or starts_with(code, getvariable('{AREA_VARIABLE}'))""",
    # The whole directory, no helper limit: what the command line reads. Unset area: NULL.
    f"""create or replace macro tuopin_unrestricted() as
        getvariable('{AREA_VARIABLE}') = '' and getvariable('{HELPER_VARIABLE}') is null""",
    f"""create or replace macro tuopin_in_helper_scope(helper, contact) as
        getvariable('{HELPER_VARIABLE}') is null
        or helper = getvariable('{HELPER_VARIABLE}')
        or contact = getvariable('{HELPER_VARIABLE}')""",
)

# Each subquery is gated by `where not tuopin_unrestricted()`: DuckDB plans `a or x in (...)`
# as a join it runs whatever `a` is, so without the gate an unrestricted viewer (the command
# line, a province's office) still joined every visit to every household (a province's visits
# count: 4.4 s with the join, 0.03 s gated). Unset area: the gate is NULL, no row (default deny).
_UNLESS_UNRESTRICTED = "where not tuopin_unrestricted()"
_IN_HOUSEHOLDS = (
    "tuopin_unrestricted() or household_id in "
    f"(select household_id from households {_UNLESS_UNRESTRICTED})"
)

# The filter of each table, over its own columns and the (already filtered) tables before it.
ROW_FILTERS: dict[str, str] = {
    "villages": "tuopin_in_area(village_code)",
    "households": (
        "tuopin_in_area(village_code) and tuopin_in_helper_scope(helper_id, village_contact_id)"
    ),
    "members": _IN_HOUSEHOLDS,
    # Helpers have no village: a restricted viewer sees those of its households and visits.
    "helpers": (
        "tuopin_unrestricted() or helper_id in ("
        f"select helper_id from households {_UNLESS_UNRESTRICTED} union all "
        f"select village_contact_id from households {_UNLESS_UNRESTRICTED} union all "
        f"select helper_id from visits {_UNLESS_UNRESTRICTED})"
    ),
    "visits": _IN_HOUSEHOLDS,
    "payments": _IN_HOUSEHOLDS,
    "loans": _IN_HOUSEHOLDS,
    "trainings": (
        "tuopin_unrestricted() or person_id in "
        f"(select person_id from members {_UNLESS_UNRESTRICTED})"
    ),
    "targets": "tuopin_in_area(coalesce(village_code, town_code))",
    "village_projects": "tuopin_in_area(village_code)",
    "monitoring": _IN_HOUSEHOLDS,
    # A department's record names a person by ID number only: a restricted viewer sees the
    # records of the people registered in his rows, never those of anyone else.
    "department_records": (
        "tuopin_unrestricted() or id_number in "
        f"(select id_number from members {_UNLESS_UNRESTRICTED})"
    ),
}

# Derived per-village sums (`dashboard.data.AREA_ONLY_VIEWS`) hold no household: their files
# are read by area for a viewer with no helper limit, and the live view for a helper's account.
AREA_ONLY_FILTER = f"getvariable('{HELPER_VARIABLE}') is null and tuopin_in_area(village_code)"
HELPER_SCOPED = f"getvariable('{HELPER_VARIABLE}') is not null"
# The check catalogue's findings, kept per snapshot for every reader (dashboard.data.FINDINGS):
# by the village of each, and for a helper's account only those of the households he answers
# for (the subquery reads nothing unless the helper variable is set: folded before planning).
FINDINGS_FILTER = (
    f"tuopin_in_area(village_code) and (getvariable('{HELPER_VARIABLE}') is null "
    f"or household_id in (select household_id from households where {HELPER_SCOPED}))"
)

# Tables whose filter reads another table: created after the ones they read.
LOAD_ORDER = (
    "villages",
    "households",
    "members",
    "visits",
    "helpers",
    "payments",
    "loans",
    "trainings",
    "targets",
    "village_projects",
    "monitoring",
    "department_records",
)


def row_filter(table_name: str) -> str:
    """The `where` condition of one contract table; KeyError for a table without one."""
    return ROW_FILTERS[table_name]


def narrow_to_area(viewer, area: str):
    """The viewer limited to the page's area as well as to its own: never a row more.

    A page area inside the user's area narrows the viewer to it; a page area wider than the
    user's (a town's officer opening the county) gives the user's own area; an area outside
    it gives no row at all (`area=None`, as an unset cursor variable): the page says so
    (`area_permitted`), the data layer reads nothing. `viewer` is a `dashboard.viewer.Viewer`.
    """
    from dataclasses import replace

    if viewer.area is None:
        return viewer
    if area.startswith(viewer.area):
        return replace(viewer, area=area)
    if viewer.area.startswith(area):
        return viewer
    return replace(viewer, area=None)


def area_permitted(viewer, area: str) -> bool:
    """Whether a user may open the page area `area`: it and the user's area overlap."""
    return viewer.area is not None and (
        area.startswith(viewer.area) or viewer.area.startswith(area)
    )
