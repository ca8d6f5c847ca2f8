"""Contacts as the commands print them: `net list`, `net find`, `net show`, `net add`'s
answer, shell completion. Light on purpose: the fast path of `net list` imports it."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from netcli.store import queries
from netcli.text import fold


def list_contacts(
    conn: sqlite3.Connection,
    *,
    tags: Sequence[str],
    category: str | None,
    company: str | None,
    archived: bool,
    sort: str,
    limit: int | None,
    brief: bool,
) -> list[sqlite3.Row]:
    """`net list`'s rows (brief: the table's columns only)."""
    return queries.list_contacts(
        conn,
        tags=list(tags),
        category=category,
        company=company,
        archived=archived,
        sort=sort,
        limit=limit,
        brief=brief,
    )


def objects(conn: sqlite3.Connection, rows: Sequence[sqlite3.Row]) -> list[dict[str, Any]]:
    """The §10 contact objects of these rows (with emails, phones and tags)."""
    return queries.contact_objects(conn, list(rows))


def contact(conn: sqlite3.Connection, contact_id: int) -> dict[str, Any]:
    """One contact's §10 object; the contact must exist (the caller just resolved it)."""
    found = queries.contact_object(conn, contact_id)
    assert found is not None
    return found


def profile(conn: sqlite3.Connection, contact_id: int) -> dict[str, Any]:
    """Everything `net show` prints about a contact."""
    return queries.profile(conn, contact_id)


def find(
    conn: sqlite3.Connection, text: str, *, brief: bool = False
) -> list[tuple[sqlite3.Row, str]]:
    """`net find`: contacts whose fields contain TEXT, each with the field that matched
    (brief: only the id, name and company of each, for the table)."""
    return queries.find_contacts(conn, text, brief=brief)


def names_starting(conn: sqlite3.Connection, incomplete: str) -> list[str]:
    """Names whose folded key starts like what was typed (completion's candidates)."""
    return [r["name"] for r in queries.contacts_with_prefix(conn, fold(incomplete))]
