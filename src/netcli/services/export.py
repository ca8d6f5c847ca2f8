"""`net export`: the whole store as one JSON document (spec §10), and contacts as CSV/vCard.

The JSON document is lossless: importing it into an empty store and exporting again gives the
same document apart from `exported_at`.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from netcli import dates
from netcli.store import queries

FORMAT_VERSION = 1


def _table(conn: sqlite3.Connection, table: str) -> list[dict[str, Any]]:
    return [dict(r) for r in queries.rows(conn, f"SELECT * FROM {table} ORDER BY rowid")]


def _stamped(
    conn: sqlite3.Connection, table: str, objects: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    stamps = dict(conn.execute(f"SELECT id, created_at FROM {table}"))
    return [{**o, "created_at": stamps[o["id"]]} for o in objects]


def document(conn: sqlite3.Connection) -> dict[str, Any]:
    """Everything in the store, ids included."""
    contact_rows = queries.rows(conn, f"SELECT {queries.CONTACT_COLUMNS} FROM contact ORDER BY id")
    contacts = queries.contact_objects(conn, contact_rows)
    names = {c["id"]: c["name"] for c in contacts}
    # The §10 objects of the read path, in id order, plus their creation stamps.
    intros = _stamped(conn, "intro", queries.intro_objects(conn, order="i.id"))
    asks = _stamped(conn, "ask", queries.ask_objects(conn, order="a.id"))
    gives = _stamped(conn, "give", queries.give_objects(conn, order="g.id"))
    interactions = _stamped(conn, "interaction", queries.interaction_objects(conn, order="i.id"))
    links = [
        {
            "id": r["id"],
            "a_id": r["a_id"],
            "a": names[r["a_id"]],
            "b_id": r["b_id"],
            "b": names[r["b_id"]],
            "strength": r["strength"],
            "note": r["note"],
            "created_at": r["created_at"],
        }
        for r in _table(conn, "link")
    ]
    reminders = [
        {
            "id": r["id"],
            "ref": f"r{r['id']}",
            "contact_id": r["contact_id"],
            "contact": names[r["contact_id"]],
            "date": r["date"],
            "note": r["note"],
            "done_on": r["done_on"],
            "created_at": r["created_at"],
        }
        for r in _table(conn, "reminder")
    ]
    return {
        "format": "netcli",
        "version": FORMAT_VERSION,
        "exported_at": dates.now().isoformat(),
        "me_id": queries.me_id(conn),
        "contacts": contacts,
        "intros": intros,
        "asks": asks,
        "gives": gives,
        "interactions": interactions,
        "links": links,
        "reminders": reminders,
        "config": queries.settings(conn),
    }


def contacts_for_files(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every contact but me, archived ones too, for CSV and vCard exports."""
    return queries.contact_objects(
        conn,
        queries.rows(
            conn,
            f"SELECT {queries.CONTACT_COLUMNS} FROM contact WHERE is_me = 0 "
            "ORDER BY search_key, id",
        ),
    )
