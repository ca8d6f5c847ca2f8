"""Follow-up rows: interactions (`net log`, `net done`), reminders (`net remind`), snoozes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date

from netcli.store.dialect import insert_id
from netcli.store.keys import folded


def insert_interaction(
    conn: sqlite3.Connection,
    contact_ids: Iterable[int],
    kind: str,
    on: date,
    note: str | None,
    created_at: str,
) -> int:
    """One interaction with these contacts (each once); returns its id."""
    interaction_id = insert_id(
        conn,
        "INSERT INTO interaction (kind, date, note, note_key, created_at) VALUES (?, ?, ?, ?, ?)",
        (kind, on.isoformat(), note, folded(note), created_at),
    )
    conn.executemany(
        "INSERT INTO interaction_contact (interaction_id, contact_id) VALUES (?, ?)",
        [(interaction_id, contact_id) for contact_id in dict.fromkeys(contact_ids)],
    )
    return interaction_id


def insert_reminder(
    conn: sqlite3.Connection, contact_id: int, on: date, note: str | None, created_at: str
) -> int:
    """An open reminder; returns its id."""
    return insert_id(
        conn,
        "INSERT INTO reminder (contact_id, date, note, created_at) VALUES (?, ?, ?, ?)",
        (contact_id, on.isoformat(), note, created_at),
    )


def snooze_contact(conn: sqlite3.Connection, contact_id: int, until: date, stamp: str) -> None:
    """Hold the contact back until a day, and move its open reminders dated before it there."""
    conn.execute(
        "UPDATE contact SET snoozed_until = ?, updated_at = ? WHERE id = ?",
        (until.isoformat(), stamp, contact_id),
    )
    conn.execute(
        "UPDATE reminder SET date = ? WHERE contact_id = ? AND done_on IS NULL AND date < ?",
        (until.isoformat(), contact_id, until.isoformat()),
    )
