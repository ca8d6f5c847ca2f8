"""Contact rows: writes that services/contacts.py decides on."""

from __future__ import annotations

import sqlite3
from typing import Any


def update_columns(conn: sqlite3.Connection, contact_id: int, values: dict[str, Any]) -> None:
    """Set these columns (names from the caller's own fixed list, never user input)."""
    if values:
        conn.execute(
            f"UPDATE contact SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?",
            [*values.values(), contact_id],
        )


def move_records(conn: sqlite3.Connection, keep_id: int, other_id: int) -> None:
    """`net merge`: OTHER's emails, phones and tags that KEEP lacks, and every record of
    OTHER's, onto KEEP; records that now mean nothing (KEEP introduced to KEEP) go."""
    params = {"k": keep_id, "o": other_id}
    statements = [
        # lists: add what KEEP lacks
        "INSERT OR IGNORE INTO email (contact_id, email, email_key, position) "
        "SELECT :k, email, email_key, position + 1000 FROM email WHERE contact_id = :o",
        "INSERT INTO phone (contact_id, phone, position) SELECT :k, phone, position + 1000 "
        "FROM phone WHERE contact_id = :o AND phone NOT IN "
        "(SELECT phone FROM phone WHERE contact_id = :k)",
        "INSERT OR IGNORE INTO tag (contact_id, tag) SELECT :k, tag FROM tag WHERE contact_id = :o",
        # records: point at KEEP
        "UPDATE intro SET by_id = :k WHERE by_id = :o",
        "UPDATE intro SET a_id = :k WHERE a_id = :o",
        "UPDATE intro SET b_id = :k WHERE b_id = :o",
        # an intro of someone to themselves, or by one of its own parties, means nothing;
        # only KEEP's can be such now (read through the pair indexes, not a table scan)
        "DELETE FROM intro WHERE id IN (SELECT id FROM intro WHERE by_id = :k AND a_id = :k "
        "UNION ALL SELECT id FROM intro WHERE by_id = :k AND b_id = :k "
        "UNION ALL SELECT id FROM intro WHERE a_id = :k AND b_id = :k)",
        "UPDATE ask SET contact_id = :k WHERE contact_id = :o",
        "UPDATE give SET giver_id = :k WHERE giver_id = :o",
        "UPDATE give SET receiver_id = :k WHERE receiver_id = :o",
        "DELETE FROM give WHERE giver_id = :k AND receiver_id = :k",
        "UPDATE reminder SET contact_id = :k WHERE contact_id = :o",
        "INSERT OR IGNORE INTO interaction_contact (interaction_id, contact_id) "
        "SELECT interaction_id, :k FROM interaction_contact WHERE contact_id = :o",
        "UPDATE contact SET via_id = :k WHERE via_id = :o AND id != :k",
    ]
    for sql in statements:
        conn.execute(sql, params)


def mark_birthday_done(conn: sqlite3.Connection, contact_id: int, birthday_on: str) -> None:
    """`net done`: this birthday (its date that year) is dealt with."""
    conn.execute("UPDATE contact SET birthday_done_for = ? WHERE id = ?", (birthday_on, contact_id))
