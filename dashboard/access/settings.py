"""The access layer's limits, each a named setting that an environment variable can change
(read through `dashboard.settings.environment`, the one place the environment is read)."""

from __future__ import annotations

from dashboard.settings import environment


def _number(name: str, default: float) -> float:
    value = environment(name)
    return float(value) if value is not None else default


def idle_timeout_seconds() -> float:
    """A session unused this long ends (`TUOPIN_IDLE_MINUTES`, 30 by default)."""
    return _number("TUOPIN_IDLE_MINUTES", 30) * 60


def absolute_timeout_seconds() -> float:
    """A session ends this long after sign-in, used or not (`TUOPIN_ABSOLUTE_HOURS`, 12)."""
    return _number("TUOPIN_ABSOLUTE_HOURS", 12) * 3600


def lockout_failures() -> int:
    """Failed sign-ins in a row after which a name waits (`TUOPIN_LOCKOUT_FAILURES`, 5)."""
    return int(_number("TUOPIN_LOCKOUT_FAILURES", 5))


def lockout_seconds() -> float:
    """The first wait after a lockout, doubled each time after (`TUOPIN_LOCKOUT_MINUTES`, 15)."""
    return _number("TUOPIN_LOCKOUT_MINUTES", 15) * 60


def address_failures() -> int:
    """Failed sign-ins from one address, any names, before it waits (`TUOPIN_ADDRESS_FAILURES`).

    20 by default: an office behind one NAT address has several people mistyping.
    """
    return int(_number("TUOPIN_ADDRESS_FAILURES", 20))


def audit_keep_days() -> int:
    """Audit entries younger than this stay in the live log (`TUOPIN_AUDIT_KEEP_DAYS`, 180).

    180 days is the cybersecurity law's minimum for logs (网络安全法 第二十一条); older entries
    are moved to an archive file, never dropped.
    """
    return max(180, int(_number("TUOPIN_AUDIT_KEEP_DAYS", 180)))


NO_AUTH_VARIABLE = "TUOPIN_NO_AUTH"  # set by `tuopin serve --no-auth` (demo data only)


def no_auth() -> bool:
    """Whether the server was started with `tuopin serve --no-auth` (`TUOPIN_NO_AUTH=1`).

    Honoured only while the data directory is the demo: `web.establish` checks that at every
    script run, and `tuopin serve --no-auth` refuses any other directory before it starts.
    """
    return environment(NO_AUTH_VARIABLE) == "1"


SESSION_TOUCH_SECONDS = 30  # last-seen is written at most this often: a page run is many queries
