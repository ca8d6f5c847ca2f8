"""One record by its number, as the §10 object the listings print (intro, ask, give,
interaction); None when there is no such record."""

from __future__ import annotations

import sqlite3
from typing import Any

from netcli.store import queries


def _first(found: list[dict[str, Any]]) -> dict[str, Any] | None:
    return found[0] if found else None


def intro(conn: sqlite3.Connection, intro_id: int) -> dict[str, Any] | None:
    return _first(queries.intro_objects(conn, "i.id = ?", (intro_id,)))


def ask(conn: sqlite3.Connection, ask_id: int) -> dict[str, Any] | None:
    return _first(queries.ask_objects(conn, "a.id = ?", (ask_id,)))


def give(conn: sqlite3.Connection, give_id: int) -> dict[str, Any] | None:
    return _first(queries.give_objects(conn, "g.id = ?", (give_id,)))


def interaction(conn: sqlite3.Connection, interaction_id: int) -> dict[str, Any] | None:
    return _first(queries.interaction_objects(conn, "i.id = ?", (interaction_id,)))


def gives_by_ids(conn: sqlite3.Connection, ids: list[int]) -> list[dict[str, Any]]:
    """These gives as objects, in chunks the driver takes."""
    found: list[dict[str, Any]] = []
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        marks = ", ".join("?" for _ in chunk)
        found += queries.give_objects(conn, f"g.id IN ({marks})", chunk)
    return found


def open_asks_of(conn: sqlite3.Connection, contact_id: int) -> list[dict[str, Any]]:
    """One contact's open asks, oldest first."""
    return queries.ask_objects(conn, "a.contact_id = ? AND a.status = 'open'", (contact_id,))


def open_asks(conn: sqlite3.Connection, *, active_only: bool = False) -> list[dict[str, Any]]:
    """Open asks, oldest first; with `active_only`, of contacts not archived."""
    if not active_only:
        return queries.list_asks(conn)
    return queries.ask_objects(
        conn,
        "a.status = 'open' AND a.contact_id IN "
        "(SELECT c2.id FROM contact c2 WHERE NOT c2.archived)",
    )
