"""Plain-SQL writes of intros, asks and gives (`net intro`, `ask`, `resolve`, `give`, `got`,
`outcome`): the rows the models define (store.models: Intro, Ask, Give), defaults included,
without importing SQLModel. tests/services/test_plain_writes.py compares them."""

from __future__ import annotations

import sqlite3
from datetime import date


def insert_intro(
    conn: sqlite3.Connection,
    by_id: int,
    a_id: int,
    b_id: int,
    on: date,
    note: str | None,
    created_at: str,
) -> int:
    """A new intro, status `made`; returns its id."""
    cursor = conn.execute(
        "INSERT INTO intro (by_id, a_id, b_id, date, note, status, created_at) "
        "VALUES (?, ?, ?, ?, ?, 'made', ?)",
        (by_id, a_id, b_id, on.isoformat(), note, created_at),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid
