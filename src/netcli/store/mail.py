"""Reads of `net import --from eml`: who owns these e-mail addresses, and whether this mail
is logged already. Portable SQL: IN lists of parameters, no SQLite-only syntax."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date

CHUNK = 500  # parameters per IN list, well under every backend's limit


def email_owners(conn: sqlite3.Connection, keys: Sequence[str]) -> dict[str, tuple[int, str]]:
    """Casefolded address -> (contact id, name) of its oldest owner, for the keys known."""
    found: dict[str, tuple[int, str]] = {}
    unique = sorted(set(keys))
    for at in range(0, len(unique), CHUNK):
        chunk = unique[at : at + CHUNK]
        marks = ", ".join("?" for _ in chunk)
        for key, contact_id, name in conn.execute(
            "SELECT e.email_key, c.id, c.name FROM email e JOIN contact c ON c.id = e.contact_id "
            f"WHERE e.email_key IN ({marks}) ORDER BY e.id",
            chunk,
        ):
            found.setdefault(key, (contact_id, name))
    return found


def logged_interaction(
    conn: sqlite3.Connection, kind: str, day: date, note: str | None, contact_ids: Sequence[int]
) -> int | None:
    """The id of an interaction of this kind, day and note with exactly these contacts."""
    if note is None:
        sql = "SELECT id FROM interaction WHERE kind = ? AND date = ? AND note IS NULL"
        params: list[object] = [kind, day.isoformat()]
    else:
        sql = "SELECT id FROM interaction WHERE kind = ? AND date = ? AND note = ?"
        params = [kind, day.isoformat(), note]
    wanted = set(contact_ids)
    for (interaction_id,) in conn.execute(sql + " ORDER BY id", params).fetchall():
        people = {
            r[0]
            for r in conn.execute(
                "SELECT contact_id FROM interaction_contact WHERE interaction_id = ?",
                (interaction_id,),
            )
        }
        if people == wanted:
            return int(interaction_id)
    return None
