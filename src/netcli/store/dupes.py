"""Reads for `net dupes`: every active contact with what could show two are one person.

Three plain scans (contacts, their emails, their phones), each in id order, as tuples: on the
100k store they take a fraction of a second, where a row object per value would cost more.
"""

from __future__ import annotations

import sqlite3

ACTIVE = "c.is_me = 0 AND c.archived = 0"


def candidates(conn: sqlite3.Connection) -> list[tuple[int, str, str | None, str | None]]:
    """(id, name, company, url) of every active contact but me, oldest first."""
    return conn.execute(
        f"SELECT c.id, c.name, c.company, c.url FROM contact c WHERE {ACTIVE} ORDER BY c.id"
    ).fetchall()


def candidate_emails(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    """(contact id, casefolded email) of those contacts, in each contact's order."""
    return conn.execute(
        "SELECT e.contact_id, e.email_key FROM email e JOIN contact c ON c.id = e.contact_id "
        f"WHERE {ACTIVE} ORDER BY e.contact_id, e.position, e.id"
    ).fetchall()


def candidate_phones(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    """(contact id, phone as written) of those contacts, in each contact's order."""
    return conn.execute(
        "SELECT p.contact_id, p.phone FROM phone p JOIN contact c ON c.id = p.contact_id "
        f"WHERE {ACTIVE} ORDER BY p.contact_id, p.position, p.id"
    ).fetchall()
