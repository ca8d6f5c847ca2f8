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


# Above this many contacts a refresh recomputes everyone set-wise: one pass over the records
# instead of one statement per contact (an import, a restore, a large merge).
BULK_REFRESH = 200


def refresh_contacts(conn: sqlite3.Connection, ids: Iterable[int | None]) -> None:
    """Recompute last_contact and next_due of these contacts from the source tables."""
    wanted = sorted({int(i) for i in ids if i is not None})
    if not wanted:
        return
    if len(wanted) > BULK_REFRESH:
        refresh_all(conn)
        return
    derived.refresh_last_contact(conn, queries.me_id(conn), wanted)
    _refresh_next_due(conn, wanted)


def refresh_all(conn: sqlite3.Connection) -> None:
    """Recompute the derived columns of every contact with a few set-based statements."""
    derived.refresh_all_last_contact(conn, queries.me_id(conn))
    _refresh_next_due(conn, None)


def _refresh_next_due(conn: sqlite3.Connection, ids: list[int] | None) -> None:
    reminders: dict[int, list[date]] = {}
    for contact_id, day in derived.open_reminders(conn, ids):
        reminders.setdefault(contact_id, []).append(date.fromisoformat(day))
    updates = []
    for contact_id, every, last, created_at, snoozed, stored in derived.due_inputs(conn, ids):
        due = next_due(
            every,
            _day(last),
            date.fromisoformat(created_at[:10]),
            reminders.get(contact_id, []),
            _day(snoozed),
        )
        value = due.isoformat() if due else None
        if value != stored:
            updates.append((value, contact_id))
    derived.set_next_due(conn, updates)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
