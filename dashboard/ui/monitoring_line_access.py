"""Setting a county's own monitoring line (监测范围, 本县自定) from /monitoring.

The line is kept where `dashboard.staging.monitoring_line_override` reads it (the instance
folder's `monitoring_line.csv`), one row per county and year, written whole and replaced
atomically (`dashboard.definitions.write_county_line`). Who may set it is decided here, below
the page (`dashboard.access.roles.may_set_monitoring_line`: an analyst of the county or wider);
every change is recorded in the audit log with the line it replaced, as the ledger's are. The
server's cached database and results follow the file (`state.fingerprint`), so every session
sees the new line, its findings and clues on its next run.
"""

from __future__ import annotations

from dashboard.access import audit, web
from dashboard.access.roles import may_set_monitoring_line
from dashboard.definitions import MonitoringLineError, write_county_line
from dashboard.i18n import text
from dashboard.staging import monitoring_line_override
from dashboard.ui import state

SAVED_KEY = "monitoring_line_saved"  # the page's "saved" sentence, shown after its rerun


def editable_counties(counties: dict[str, str]) -> dict[str, str]:
    """The counties (code → name) of the page whose line the signed-in user may set."""
    who = web.session_identity()
    return {code: name for code, name in counties.items() if may_set_monitoring_line(who, code)}


def set_county_line(
    county_code: str, county_name: str, year: int, line_yuan: int, basis: str, source: str
) -> str | None:
    """Set the county's line for the year; None when done, else the sentence that says why not
    (in the reader's language). Audited, with the row it replaced."""
    lang = state.language()
    if not may_set_monitoring_line(web.session_identity(), county_code):
        return text("monitoring.line_form.refused", lang)
    row = {
        "region_code": county_code,
        "region_name": county_name,
        "year": year,
        "line_yuan": line_yuan,
        "basis": basis,
        "source": source,
    }
    try:
        previous = write_county_line(monitoring_line_override(state.data_dir()), row)
    except MonitoringLineError as error:
        return error.message(lang)
    audit.record_for(
        state.data_dir(),
        "monitoring_line.set",
        county=county_code,
        year=int(year),
        line_yuan=int(line_yuan),
        basis=basis,
        source=source,
        previous=None
        if previous is None
        else {key: previous[key] for key in ("line_yuan", "basis", "source")},
    )
    return None
