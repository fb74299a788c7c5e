"""Who may see what: accounts, sessions, roles and areas, and the audit log.

The state (accounts, sessions, throttling, the audit log) lives in one SQLite file in the data
directory's instance folder (`store.py`); rows and personal columns are limited where data is
read (`scope.py`, used by `dashboard.data` and `dashboard.sandbox`), never in pages.
"""
