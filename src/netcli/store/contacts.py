"""Contact rows: writes that services/contacts.py decides on."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from netcli.fields import names
from netcli.store.dialect import insert_id
from netcli.store.keys import derived_columns, folded, with_keys

# What a new contact row holds unless its writer says otherwise: the models' defaults
# (models.Contact; tests/store/test_schema6.py keeps the two equal), spelled once for every
# plain INSERT instead of in each of them.
NEW_CONTACT: dict[str, Any] = {
    "trust": 3,
    "via_id": None,
    "is_me": False,
    "archived": False,
    "snoozed_until": None,
}


def update_columns(conn: sqlite3.Connection, contact_id: int, values: dict[str, Any]) -> None:
    """Set these columns (names from the caller's own fixed list, never user input), and the
    search keys derived from them."""
    values = with_keys("contact", values)
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
        "INSERT INTO email (contact_id, email, email_key, position) "
        "SELECT :k, email, email_key, position + 1000 FROM email WHERE contact_id = :o "
        "ON CONFLICT DO NOTHING",
        "INSERT INTO phone (contact_id, phone, position) SELECT :k, phone, position + 1000 "
        "FROM phone WHERE contact_id = :o AND phone NOT IN "
        "(SELECT phone FROM phone WHERE contact_id = :k)",
        "INSERT INTO tag (contact_id, tag, tag_key) SELECT :k, tag, tag_key FROM tag "
        "WHERE contact_id = :o "
        "ON CONFLICT DO NOTHING",
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
        "UPDATE give SET prospect_id = :k WHERE prospect_id = :o",
        "UPDATE reminder SET contact_id = :k WHERE contact_id = :o",
        "INSERT INTO interaction_contact (interaction_id, contact_id) "
        "SELECT interaction_id, :k FROM interaction_contact WHERE contact_id = :o "
        "ON CONFLICT DO NOTHING",
        "UPDATE contact SET via_id = :k WHERE via_id = :o AND id != :k",
    ]
    for sql in statements:
        conn.execute(sql, params)


CONTACT_WRITABLE = frozenset(
    (
        "name", "search_key", *names(), "is_me", "archived", "snoozed_until", "created_at",
        "updated_at", *derived_columns("contact"),
    )
)  # fmt: skip


def insert_contact(conn: sqlite3.Connection, values: dict[str, Any]) -> int:
    """A new contact from column values (names from CONTACT_WRITABLE); returns its id."""
    assert set(values) <= CONTACT_WRITABLE, set(values) - CONTACT_WRITABLE
    return insert_id(
        conn,
        f"INSERT INTO contact ({', '.join(values)}) VALUES ({', '.join('?' for _ in values)})",
        list(values.values()),
    )


def email_keys(conn: sqlite3.Connection, contact_id: int) -> set[str]:
    return {
        r[0]
        for r in conn.execute("SELECT email_key FROM email WHERE contact_id = ?", (contact_id,))
    }


def phones(conn: sqlite3.Connection, contact_id: int) -> set[str]:
    return {
        r[0] for r in conn.execute("SELECT phone FROM phone WHERE contact_id = ?", (contact_id,))
    }


def tags(conn: sqlite3.Connection, contact_id: int) -> set[str]:
    return {r[0] for r in conn.execute("SELECT tag FROM tag WHERE contact_id = ?", (contact_id,))}


def insert_emails(conn: sqlite3.Connection, rows: Iterable[tuple[int, str, str, int]]) -> None:
    """(contact id, email, email key, position) rows."""
    conn.executemany(
        "INSERT INTO email (contact_id, email, email_key, position) VALUES (?, ?, ?, ?)", rows
    )


def insert_phones(conn: sqlite3.Connection, rows: Iterable[tuple[int, str, int]]) -> None:
    """(contact id, phone, position) rows."""
    conn.executemany("INSERT INTO phone (contact_id, phone, position) VALUES (?, ?, ?)", rows)


def insert_tags(conn: sqlite3.Connection, rows: Iterable[tuple[int, str]]) -> None:
    """(contact id, tag) rows, with their folded keys."""
    conn.executemany(
        "INSERT INTO tag (contact_id, tag, tag_key) VALUES (?, ?, ?)",
        [(contact_id, tag, folded(tag)) for contact_id, tag in rows],
    )


def delete_emails(conn: sqlite3.Connection, contact_id: int, keys: Iterable[str]) -> None:
    conn.executemany(
        "DELETE FROM email WHERE contact_id = ? AND email_key = ?",
        [(contact_id, key) for key in keys],
    )


def delete_phones(conn: sqlite3.Connection, contact_id: int, numbers: Iterable[str]) -> None:
    conn.executemany(
        "DELETE FROM phone WHERE contact_id = ? AND phone = ?",
        [(contact_id, number) for number in numbers],
    )


def delete_tags(conn: sqlite3.Connection, contact_id: int, names: Iterable[str]) -> None:
    conn.executemany(
        "DELETE FROM tag WHERE contact_id = ? AND tag = ?", [(contact_id, t) for t in names]
    )


def renumber_lists(conn: sqlite3.Connection, contact_id: int) -> None:
    """Positions of the contact's emails and phones back to 0, 1, 2… in their order."""
    for select, update in (
        (
            "SELECT id FROM email WHERE contact_id = ? ORDER BY position, id",
            "UPDATE email SET position = ? WHERE id = ?",
        ),
        (
            "SELECT id FROM phone WHERE contact_id = ? ORDER BY position, id",
            "UPDATE phone SET position = ? WHERE id = ?",
        ),
    ):
        ids = [r[0] for r in conn.execute(select, (contact_id,))]
        conn.executemany(update, [(i, row_id) for i, row_id in enumerate(ids)])


def set_archived(conn: sqlite3.Connection, contact_id: int, archived: bool, stamp: str) -> None:
    conn.execute(
        "UPDATE contact SET archived = ?, updated_at = ? WHERE id = ?",
        (archived, stamp, contact_id),
    )


def related_ids(conn: sqlite3.Connection, contact_id: int) -> set[int]:
    """Contacts whose derived dates may move when this one's records go or move (each
    branch an index lookup on the contact's own column: `:c IN (a, b)` scans the table)."""
    sql = """
      SELECT a_id FROM intro WHERE by_id = :c UNION SELECT b_id FROM intro WHERE by_id = :c
      UNION SELECT by_id FROM intro WHERE a_id = :c UNION SELECT b_id FROM intro WHERE a_id = :c
      UNION SELECT by_id FROM intro WHERE b_id = :c UNION SELECT a_id FROM intro WHERE b_id = :c
      UNION SELECT receiver_id FROM give WHERE giver_id = :c
      UNION SELECT giver_id FROM give WHERE receiver_id = :c
      UNION SELECT ic2.contact_id FROM interaction_contact ic
        JOIN interaction_contact ic2 ON ic2.interaction_id = ic.interaction_id
        WHERE ic.contact_id = :c
    """
    return {r[0] for r in conn.execute(sql, {"c": contact_id})} - {contact_id}


def delete_contact(conn: sqlite3.Connection, contact_id: int) -> None:
    """The contact and its own rows (foreign keys cascade)."""
    conn.execute("DELETE FROM contact WHERE id = ?", (contact_id,))


def delete_lone_interactions(conn: sqlite3.Connection) -> None:
    """Interactions left with nobody (after `net rm`)."""
    conn.execute(
        "DELETE FROM interaction WHERE id NOT IN (SELECT interaction_id FROM interaction_contact)"
    )


def links_touching(conn: sqlite3.Connection, contact_id: int) -> list[dict[str, Any]]:
    """Every link with the contact at either end, as dicts by column."""
    keys = ("id", "a_id", "b_id", "strength", "note", "created_at")
    found = conn.execute(
        "SELECT id, a_id, b_id, strength, note, created_at FROM link WHERE a_id = ? "
        "UNION ALL SELECT id, a_id, b_id, strength, note, created_at FROM link WHERE b_id = ? "
        "ORDER BY id",
        (contact_id, contact_id),
    )
    return [dict(zip(keys, row, strict=True)) for row in found]


def merge_link(
    conn: sqlite3.Connection, low_id: int, high_id: int, strength: int, note: str | None,
    created_at: str,
) -> None:  # fmt: skip
    """A link between two contacts (lower id first); where one exists, keep the stronger
    strength and the note it had (or this one)."""
    conn.execute(
        "INSERT INTO link (a_id, b_id, strength, note, created_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (a_id, b_id) DO UPDATE SET strength = CASE WHEN excluded.strength > "
        "link.strength THEN excluded.strength ELSE link.strength END, "
        "note = coalesce(link.note, excluded.note)",
        (low_id, high_id, strength, note, created_at),
    )


def mark_birthday_done(conn: sqlite3.Connection, contact_id: int, birthday_on: str) -> None:
    """`net done`: this birthday (its date that year) is dealt with."""
    conn.execute("UPDATE contact SET birthday_done_for = ? WHERE id = ?", (birthday_on, contact_id))
