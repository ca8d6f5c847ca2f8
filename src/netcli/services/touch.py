"""Keeping each contact's derived columns (last_contact, next_due) true after every write.

last_contact: the latest interaction, give or intro involving both me and the contact (spec §1).
next_due: the earliest of the cadence date (last touch, or the added date, + every — the
contact's own, else the tightest `every.tag.TAG` of its tags — never
before a snooze) and the contact's open reminders. A snooze holds back the cadence only:
`net snooze` moves the reminders themselves, so a reminder set after a snooze still counts.
Recomputed from the source tables rather than nudged, so deleting or merging records moves
the dates back correctly. `net due` (services.followups) reads the same rules.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from netcli.dates import add_interval
from netcli.store import cadence, derived, queries


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


def interval_days(every: str) -> int:
    """How long an interval is, in days from a fixed day: what "tightest" compares."""
    start = date(2001, 1, 1)
    return (add_interval(start, every) - start).days


def effective_every(
    own: str | None, tags: Iterable[str], tag_cadences: dict[str, str]
) -> tuple[str | None, str | None]:
    """A contact's cadence and the tag it comes from (None: its own): its own `every` wins;
    else the tightest of its tags' cadences (ties: the first tag by name)."""
    if own:
        return own, None
    found = sorted((interval_days(tag_cadences[t]), t) for t in set(tags) if t in tag_cadences)
    if not found:
        return None, None
    tag = found[0][1]
    return tag_cadences[tag], tag


def tag_everys(conn: sqlite3.Connection, ids: Sequence[int] | None) -> dict[int, tuple[str, str]]:
    """contact id -> (cadence, tag) from its tags, for contacts with a tagged cadence (own
    cadences aside); {} at once when no `every.tag.*` is set."""
    cadences = cadence.tag_cadences(conn)
    if not cadences:
        return {}
    tags: dict[int, list[str]] = {}
    for contact_id, name in cadence.tags_of(conn, ids, cadences):
        tags.setdefault(contact_id, []).append(name)
    found = {}
    for contact_id, held in tags.items():
        every, tag = effective_every(None, held, cadences)
        if every is not None and tag is not None:
            found[contact_id] = (every, tag)
    return found


def cadence_of(conn: sqlite3.Connection, contact: dict[str, Any]) -> dict[str, Any]:
    """`cadence` (the interval `net due` uses: its own `every`, else its tags') and
    `cadence_tag` (the tag it comes from, or None), for a contact object."""
    if contact["every"] or contact.get("is_me"):
        return {"cadence": contact["every"], "cadence_tag": None}
    every, tag = tag_everys(conn, [contact["id"]]).get(contact["id"], (None, None))
    return {"cadence": every, "cadence_tag": tag}


def refresh_next_due(conn: sqlite3.Connection, ids: Iterable[int]) -> None:
    """Recompute next_due only (a cadence setting changed; last touches did not)."""
    wanted = sorted(set(ids))
    for i in range(0, len(wanted), 5000):
        _refresh_next_due(conn, wanted[i : i + 5000])


# Above this many contacts a refresh recomputes everyone set-wise: one pass over the records
# instead of one statement per contact (an import, a restore, a large merge).
BULK_REFRESH = 200


def refresh_contacts(
    conn: sqlite3.Connection,
    ids: Iterable[int | None],
    *,
    terms: Iterable[int] | None = None,
) -> None:
    """Recompute last_contact and next_due of these contacts from the source tables, and
    the rows of the term index (what `net who` and `net match` look words up in) of `terms`
    (default: the same contacts; a write that changes no text of theirs passes fewer, as a
    refresh of `me`, the giver of thousands of gives, costs more than the whole write)."""
    from netcli.services.matching import refresh_terms  # not for `net due`: it imports json

    wanted = sorted({int(i) for i in ids if i is not None})
    if not wanted:
        return
    refresh_terms(conn, wanted if terms is None else terms)
    if len(wanted) > BULK_REFRESH:
        _refresh_all(conn)
        return
    derived.refresh_last_contact(conn, queries.me_id(conn), wanted)
    _refresh_next_due(conn, wanted)


def refresh_all(conn: sqlite3.Connection) -> None:
    """Recompute the derived columns of every contact with a few set-based statements, and
    the term index (a restore)."""
    from netcli.services.matching import refresh_terms

    refresh_terms(conn, None)
    _refresh_all(conn)


def _refresh_all(conn: sqlite3.Connection) -> None:
    derived.refresh_all_last_contact(conn, queries.me_id(conn))
    _refresh_next_due(conn, None)


def _refresh_next_due(conn: sqlite3.Connection, ids: list[int] | None) -> None:
    reminders: dict[int, list[date]] = {}
    for contact_id, day in derived.open_reminders(conn, ids):
        reminders.setdefault(contact_id, []).append(date.fromisoformat(day))
    updates = []
    from_tags = tag_everys(conn, ids)
    for contact_id, every, last, created_at, snoozed, stored in derived.due_inputs(conn, ids):
        due = next_due(
            every or from_tags.get(contact_id, (None, None))[0],
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
