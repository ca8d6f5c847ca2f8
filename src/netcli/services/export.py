"""`net export`: the whole store as one JSON document (spec §10), and contacts as CSV/vCard.

The JSON document is lossless: importing it into an empty store and exporting again gives the
same document apart from `exported_at`.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from netcli import dates
from netcli.store import queries, transfer

FORMAT_VERSION = 1


def _stamped(
    conn: sqlite3.Connection, table: str, objects: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    stamps = transfer.created_stamps(conn, table)
    return [{**o, "created_at": stamps[o["id"]]} for o in objects]


def document(conn: sqlite3.Connection) -> dict[str, Any]:
    """Everything in the store, ids included."""
    contacts = queries.contact_objects(conn, transfer.all_contact_rows(conn))
    names = {c["id"]: c["name"] for c in contacts}
    # The §10 objects of the read path, in id order, plus their creation stamps.
    intros = _stamped(conn, "intro", transfer.intros_by_id(conn))
    asks = _stamped(conn, "ask", transfer.asks_by_id(conn))
    gives = _stamped(conn, "give", transfer.gives_by_id(conn))
    interactions = _stamped(conn, "interaction", transfer.interactions_by_id(conn))
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
        for r in transfer.table_rows(conn, "link")
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
        for r in transfer.table_rows(conn, "reminder")
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
    return queries.contact_objects(conn, transfer.file_contact_rows(conn))
