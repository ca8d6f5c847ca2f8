"""SQL of tag cadences (`net config every.tag.TAG INTERVAL`, spec §6): the settings and the
tags they apply to, each read through an index (setting key, ix_tag_tag, ix_tag_contact_id)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

PREFIX = "every.tag."
CHUNK = 900


def tag_cadences(conn: sqlite3.Connection) -> dict[str, str]:
    """tag -> canonical interval, for every `every.tag.TAG` setting."""
    return {
        key[len(PREFIX) :]: value
        for key, value in conn.execute(
            "SELECT s.key, s.value FROM setting s WHERE s.key >= ? AND s.key < ?",
            (PREFIX, PREFIX[:-1] + chr(ord(".") + 1)),
        )
    }


def tags_of(
    conn: sqlite3.Connection, ids: Sequence[int] | None, tags: Iterable[str]
) -> list[tuple[int, str]]:
    """(contact id, tag) for these tags: of these contacts, or of everyone (None)."""
    wanted = sorted(set(tags))
    if not wanted:
        return []
    marks = ", ".join("?" * len(wanted))
    sql = (
        "SELECT t.contact_id, t.tag FROM tag t JOIN contact c ON c.id = t.contact_id "
        f"WHERE NOT c.is_me AND t.tag IN ({marks})"
    )
    if ids is None:
        return conn.execute(sql, wanted).fetchall()
    found: list[tuple[int, str]] = []
    for i in range(0, len(ids), CHUNK):
        chunk = list(ids[i : i + CHUNK])
        found += conn.execute(
            f"{sql} AND t.contact_id IN ({', '.join('?' * len(chunk))})", [*wanted, *chunk]
        ).fetchall()
    return found


def tagged(conn: sqlite3.Connection, tag: str) -> list[int]:
    """Ids of the contacts with this tag."""
    return [r[0] for r in conn.execute("SELECT t.contact_id FROM tag t WHERE t.tag = ?", (tag,))]


def delete_setting(conn: sqlite3.Connection, key: str) -> None:
    conn.execute("DELETE FROM setting WHERE key = ?", (key,))
