"""Setting rows (`net config`): one key, one value."""

from __future__ import annotations

import sqlite3


def put(conn: sqlite3.Connection, key: str, value: str) -> None:
    """Store a setting, replacing the value it had."""
    conn.execute(
        "INSERT INTO setting (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
