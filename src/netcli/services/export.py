"""`net export`: the whole store as one JSON document (spec §10), and contacts as CSV/vCard.

The JSON document is lossless: importing it into an empty store and exporting again gives the
same document apart from `exported_at`.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from netcli import dates
from netcli.store import queries

FORMAT_VERSION = 1


def _table(conn: sqlite3.Connection, table: str) -> list[dict[str, Any]]:
    return [dict(r) for r in queries.rows(conn, f"SELECT * FROM {table} ORDER BY rowid")]


def document(conn: sqlite3.Connection) -> dict[str, Any]:
    """Everything in the store, ids included."""
    contact_rows = queries.rows(conn, f"SELECT {queries.CONTACT_COLUMNS} FROM contact ORDER BY id")
    contacts = queries.contact_objects(conn, contact_rows)
    names = {c["id"]: c["name"] for c in contacts}
    intros = [
        {
            "id": r["id"],
            "by_id": r["by_id"],
            "by": names[r["by_id"]],
            "a_id": r["a_id"],
            "a": names[r["a_id"]],
            "b_id": r["b_id"],
            "b": names[r["b_id"]],
            "date": r["date"],
            "note": r["note"],
            "status": r["status"],
            "value": queries.money(r["value_cents"]),
            "outcome_on": r["outcome_on"],
            "outcome_note": r["outcome_note"],
            "created_at": r["created_at"],
        }
        for r in _table(conn, "intro")
    ]
    asks = [
        {
            "id": r["id"],
            "contact_id": r["contact_id"],
            "contact": names[r["contact_id"]],
            "text": r["text"],
            "tags": json.loads(r["tags"] or "[]"),
            "status": r["status"],
            "created_on": r["created_on"],
            "resolved_on": r["resolved_on"],
            "resolution_note": r["resolution_note"],
            "created_at": r["created_at"],
        }
        for r in _table(conn, "ask")
    ]
    gives = [
        {
            "id": r["id"],
            "giver_id": r["giver_id"],
            "giver": names[r["giver_id"]],
            "receiver_id": r["receiver_id"],
            "receiver": names[r["receiver_id"]],
            "text": r["text"],
            "kind": r["kind"],
            "value": queries.money(r["value_cents"]),
            "date": r["date"],
            "ask_id": r["ask_id"],
            "created_at": r["created_at"],
        }
        for r in _table(conn, "give")
    ]
    members: dict[int, list[int]] = {}
    for r in queries.rows(
        conn,
        "SELECT interaction_id, contact_id FROM interaction_contact "
        "ORDER BY interaction_id, contact_id",
    ):
        members.setdefault(r[0], []).append(r[1])
    interactions = [
        {
            "id": r["id"],
            "contact_ids": members.get(r["id"], []),
            "contacts": [names[c] for c in members.get(r["id"], [])],
            "kind": r["kind"],
            "date": r["date"],
            "note": r["note"],
            "created_at": r["created_at"],
        }
        for r in _table(conn, "interaction")
    ]
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
