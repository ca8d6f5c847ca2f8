"""Keeping each contact's derived columns (last_contact, next_due) true after every write.

last_contact: the latest interaction, give or intro involving both me and the contact (spec §1).
next_due: the earliest of the cadence date (last touch, or the added date, + every, never
before a snooze) and the contact's open reminders. A snooze holds back the cadence only:
`net snooze` moves the reminders themselves, so a reminder set after a snooze still counts.
Recomputed from the source tables rather than nudged, so deleting or merging records moves
the dates back correctly. `net due` (services.followups) reads the same rules.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date

from netcli.dates import add_interval
from netcli.store import derived, queries


def cadence_due(every: str | None, last_contact: date | None, added: date) -> date | None:
    """When the cadence asks for the next touch: last touch (or added date) + every."""
    if not every:
        return None
    return add_interval(last_contact or added, every)


def next_due(
    every: str | None,
    last_contact: date | None,
    added: date,
    reminders: Iterable[date],
    snoozed_until: date | None,
) -> date | None:
    """The contact's next follow-up date, as stored in contact.next_due."""
    cadence = cadence_due(every, last_contact, added)
    if cadence is not None and snoozed_until is not None:
        cadence = max(cadence, snoozed_until)
    candidates = [d for d in (cadence, *reminders) if d]
    return min(candidates) if candidates else None


def refresh_contacts(conn: sqlite3.Connection, ids: Iterable[int | None]) -> None:
    """Recompute last_contact and next_due of these contacts from the source tables."""
    wanted = sorted({int(i) for i in ids if i is not None})
    if not wanted:
        return
    me = queries.me_id(conn)
    derived.update_last_contacts(conn, me, wanted)
    for chunk in (wanted[i : i + 900] for i in range(0, len(wanted), 900)):
        marks = queries.placeholders(chunk)
        reminders: dict[int, list[date]] = {}
        for r in queries.rows(
            conn,
            f"SELECT contact_id, date FROM reminder WHERE done_on IS NULL "
            f"AND contact_id IN ({marks})",
            chunk,
        ):
            reminders.setdefault(r[0], []).append(date.fromisoformat(r[1]))
        updates = []
        for r in queries.rows(
            conn,
            f"SELECT id, every, last_contact, created_at, snoozed_until FROM contact "
            f"WHERE id IN ({marks}) AND is_me = 0",
            chunk,
        ):
            due = next_due(
                r["every"],
                _day(r["last_contact"]),
                date.fromisoformat(r["created_at"][:10]),
                reminders.get(r["id"], []),
                _day(r["snoozed_until"]),
            )
            updates.append((due.isoformat() if due else None, r["id"]))
        conn.executemany("UPDATE contact SET next_due = ? WHERE id = ?", updates)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
