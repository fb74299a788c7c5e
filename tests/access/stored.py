"""What a state store holds, read past its API: to show a secret is not in it."""

from __future__ import annotations


def stored_bytes(store) -> bytes:
    """Everything the store holds, as bytes: the SQLite file, or every PostgreSQL row as text."""
    if not store.database.shared:
        return store.path.read_bytes()
    with store.reading() as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "select table_name from information_schema.tables "
                "where table_schema = current_schema()"
            ).fetchall()
        ]
        text = [
            repr(tuple(row))
            for table in tables
            # Table names read from the catalogue just above, not from any input.
            for row in connection.execute(f'select * from "{table}"').fetchall()
        ]
    return "\n".join(text).encode("utf-8")
