"""Monitoring (防返贫动态监测): the objects identified after the report, their risks and measures.

What a snapshot records of a spell: eliminated only once it was, its measures only once they
were recorded.
"""

from __future__ import annotations

import datetime as dt


def town_monitoring_row(spell: dict, on: dt.date) -> dict:
    """A monitoring spell as a snapshot on `on` records it: eliminated only once it was, and
    its measures only once they were recorded."""
    eliminated = spell["eliminated_date"] is not None and spell["eliminated_date"] <= on
    return {
        "household_id": spell["household_id"],
        "object_type": spell["object_type"],
        "identified_date": spell["identified_date"],
        "risk_types": spell["risk_types"],
        "main_risk": spell["main_risk"],
        "eliminated": eliminated,
        "eliminated_date": spell["eliminated_date"] if eliminated else None,
        "measures": spell["measures"] if spell["measures_date"] <= on else None,
    }
