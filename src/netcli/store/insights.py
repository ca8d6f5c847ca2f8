"""Reads of `net who`, `net match` and `net prep` around their candidates.

The candidates themselves come from the term index (store/terms.py); here are their profiles,
asks, gives and intros, read by id, and the trust graph around them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from netcli.store.dialect import string_agg

PROFILE_COLUMNS = (
    "c.id, c.name, c.search_key, c.company, c.title, c.category, c.city, c.notes, c.trust, "
    "c.skills, c.networks, c.accomplishments, c.goals"
)
# a contact's tags joined by the unit separator (U+001F), which no tag holds
_UNIT = "'" + chr(31) + "'"
_TAGS = f"(SELECT {string_agg('t.tag', _UNIT)} FROM tag AS t WHERE t.contact_id = c.id) AS tags"
CHUNK = 900


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


def active_count(conn: sqlite3.Connection) -> int:
    """How many active contacts there are, me aside (the population rarity is measured on)."""
    row = conn.execute(
        "SELECT count(*) FROM contact c WHERE NOT c.archived AND NOT c.is_me"
    ).fetchone()
    return int(row[0])


def profiles_by_id(conn: sqlite3.Connection, ids: Sequence[int]) -> list[sqlite3.Row]:
    """Profile rows (the columns scoring reads, `tags` joined by U+001F) of these contacts."""
    found: list[sqlite3.Row] = []
    for chunk in _chunks(sorted(set(ids))):
        found += conn.execute(
            f"SELECT {PROFILE_COLUMNS}, {_TAGS} FROM contact c WHERE c.id IN ({_marks(chunk)})",
            list(chunk),
        ).fetchall()
    return found


def open_asks(conn: sqlite3.Connection) -> list[tuple[int, str, int, str, str]]:
    """(contact id, name, ask id, text, tags as JSON) of every open ask of an active contact,
    me aside (through the status index)."""
    return conn.execute(
        "SELECT c.id, c.name, a.id, a.text, a.tags FROM ask a "
        "JOIN contact c ON c.id = a.contact_id "
        "WHERE a.status = 'open' AND NOT c.archived AND NOT c.is_me ORDER BY a.id"
    ).fetchall()


def pending_reminders(conn: sqlite3.Connection, contact_id: int) -> list[dict[str, Any]]:
    """A contact's reminders not done yet, soonest first (reminder objects of spec §10)."""
    return [
        {"id": r[0], "contact_id": contact_id, "date": r[1], "note": r[2], "done": False}
        for r in conn.execute(
            "SELECT r.id, r.date, r.note FROM reminder r "
            "WHERE r.contact_id = ? AND r.done_on IS NULL ORDER BY r.date, r.id",
            (contact_id,),
        )
    ]


def gives_made(conn: sqlite3.Connection, ids: Sequence[int]) -> list[tuple[int, str]]:
    """(giver id, text) of every give these contacts made."""
    found: list[tuple[int, str]] = []
    for chunk in _chunks(sorted(set(ids))):
        found += conn.execute(
            f"SELECT g.giver_id, g.text FROM give g WHERE g.giver_id IN ({_marks(chunk)})",
            list(chunk),
        ).fetchall()
    return found


def open_asks_of(conn: sqlite3.Connection, ids: Sequence[int]) -> list[tuple[int, str, str]]:
    """(contact id, text, tags as JSON) of the open asks of these contacts."""
    found: list[tuple[int, str, str]] = []
    for chunk in _chunks(sorted(set(ids))):
        found += conn.execute(
            "SELECT a.contact_id, a.text, a.tags FROM ask a "
            f"WHERE a.status = 'open' AND a.contact_id IN ({_marks(chunk)})",
            list(chunk),
        ).fetchall()
    return found


def intro_pairs_of(conn: sqlite3.Connection, ids: Sequence[int]) -> set[tuple[int, int]]:
    """(a, b) of every intro with a or b among these people: who was introduced to whom."""
    found: set[tuple[int, int]] = set()
    for chunk in _chunks(sorted(set(ids))):
        marks = _marks(chunk)
        for column in ("a_id", "b_id"):
            found |= set(
                conn.execute(
                    f"SELECT i.a_id, i.b_id FROM intro i WHERE i.{column} IN ({marks})",
                    list(chunk),
                ).fetchall()
            )
    return {(a, b) for a, b in found}


# the trust graph around some people (spec §9) ---------------------------------------------

_STRENGTH = "CASE i.status WHEN 'business' THEN 5 WHEN 'met' THEN 4 ELSE 3 END"


def edges_touching(conn: sqlite3.Connection, ids: Sequence[int]) -> list[tuple[int, int, int]]:
    """Every link, intro and via edge with one end among these people, as (a, b, strength);
    each branch an index lookup on the column it filters."""
    found: list[tuple[int, int, int]] = []
    for chunk in _chunks(sorted(set(ids))):
        marks = _marks(chunk)
        branches = [
            f"SELECT l.a_id, l.b_id, l.strength FROM link l WHERE l.a_id IN ({marks})",
            f"SELECT l.a_id, l.b_id, l.strength FROM link l WHERE l.b_id IN ({marks})",
            f"SELECT c.id, c.via_id, 3 FROM contact c WHERE c.id IN ({marks}) "
            "AND c.via_id IS NOT NULL",
            f"SELECT c.id, c.via_id, 3 FROM contact c WHERE c.via_id IN ({marks})",
        ]
        for column in ("by_id", "a_id", "b_id"):
            branches += [
                f"SELECT i.by_id, i.a_id, {_STRENGTH} FROM intro i WHERE i.{column} IN ({marks})",
                f"SELECT i.by_id, i.b_id, {_STRENGTH} FROM intro i WHERE i.{column} IN ({marks})",
                f"SELECT i.a_id, i.b_id, {_STRENGTH} FROM intro i WHERE i.{column} IN ({marks}) "
                "AND i.status != 'declined'",
            ]
        for sql in branches:
            found += conn.execute(sql, list(chunk)).fetchall()
    return found


def edges_with(conn: sqlite3.Connection, me: int, ids: Sequence[int]) -> list[tuple[int, int, int]]:
    """The link, intro and via edges between me and these people, as (a, b, strength);
    each branch a lookup on a pair index (me and one of them)."""
    found: list[tuple[int, int, int]] = []
    for chunk in _chunks(sorted(set(ids) - {me})):
        marks = _marks(chunk)
        branches = [
            f"SELECT l.a_id, l.b_id, l.strength FROM link l "
            f"WHERE l.a_id = ? AND l.b_id IN ({marks})",
            f"SELECT l.a_id, l.b_id, l.strength FROM link l "
            f"WHERE l.b_id = ? AND l.a_id IN ({marks})",
            f"SELECT c.id, c.via_id, 3 FROM contact c WHERE c.via_id = ? AND c.id IN ({marks})",
            f"SELECT c.id, c.via_id, 3 FROM contact c WHERE c.id = ? AND c.via_id IN ({marks})",
            # I introduced them (me–a, me–b), they introduced me (by–me), we were introduced
            f"SELECT i.by_id, i.a_id, {_STRENGTH} FROM intro i "
            f"WHERE i.by_id = ? AND i.a_id IN ({marks})",
            f"SELECT i.by_id, i.b_id, {_STRENGTH} FROM intro i "
            f"WHERE i.b_id IN ({marks}) AND i.by_id = ?",
            f"SELECT i.by_id, i.a_id, {_STRENGTH} FROM intro i "
            f"WHERE i.a_id = ? AND i.by_id IN ({marks})",
            f"SELECT i.by_id, i.b_id, {_STRENGTH} FROM intro i "
            f"WHERE i.b_id = ? AND i.by_id IN ({marks})",
            f"SELECT i.a_id, i.b_id, {_STRENGTH} FROM intro i "
            f"WHERE i.a_id = ? AND i.b_id IN ({marks}) AND i.status != 'declined'",
            f"SELECT i.a_id, i.b_id, {_STRENGTH} FROM intro i "
            f"WHERE i.b_id = ? AND i.a_id IN ({marks}) AND i.status != 'declined'",
        ]
        for sql in branches:
            first_me = sql.index("?") < sql.index("IN (")
            params = [me, *chunk] if first_me else [*chunk, me]
            found += conn.execute(sql, params).fetchall()
    return found


def people(conn: sqlite3.Connection, ids: Sequence[int]) -> list[tuple[int, str, str, int, bool]]:
    """(id, name, search_key, trust, active) of these contacts (me is never active here)."""
    found: list[tuple[int, str, str, int, bool]] = []
    for chunk in _chunks(sorted(set(ids))):
        found += [
            (r[0], r[1], r[2], r[3], bool(r[4]))
            for r in conn.execute(
                "SELECT c.id, c.name, c.search_key, c.trust, NOT c.archived AND NOT c.is_me "
                f"FROM contact c WHERE c.id IN ({_marks(chunk)})",
                list(chunk),
            )
        ]
    return found
