"""Plain-SQL writes of intros, asks and gives (`net intro`, `ask`, `resolve`, `give`, `got`,
`outcome`): the rows the models define (store.models: Intro, Ask, Give), defaults included,
without importing SQLModel. tests/services/test_plain_writes.py compares them."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from netcli.store.dialect import insert_id
from netcli.store.keys import folded


def insert_intro(
    conn: sqlite3.Connection,
    by_id: int,
    a_id: int,
    b_id: int,
    on: date,
    note: str | None,
    created_at: str,
) -> int:
    """A new intro, status `made`; returns its id."""
    return insert_id(
        conn,
        "INSERT INTO intro (by_id, a_id, b_id, date, note, status, created_at) "
        "VALUES (?, ?, ?, ?, ?, 'made', ?)",
        (by_id, a_id, b_id, on.isoformat(), note, created_at),
    )


def insert_give(
    conn: sqlite3.Connection,
    giver_id: int,
    receiver_id: int,
    text: str,
    kind: str,
    value_cents: int | None,
    on: date,
    ask_id: int | None,
    created_at: str,
) -> int:
    """A new give; returns its id."""
    return insert_id(
        conn,
        "INSERT INTO give (giver_id, receiver_id, text, text_key, kind, value_cents, date, "
        "ask_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            giver_id,
            receiver_id,
            text,
            folded(text),
            kind,
            value_cents,
            on.isoformat(),
            ask_id,
            created_at,
        ),  # fmt: skip
    )


def ask_row(conn: sqlite3.Connection, ask_id: int) -> dict[str, Any] | None:
    """The ask's id, status, created_on and resolved_on (ISO text), or None."""
    row = conn.execute(
        "SELECT id, status, created_on, resolved_on FROM ask WHERE id = ?", (ask_id,)
    ).fetchone()
    keys = ("id", "status", "created_on", "resolved_on")
    return None if row is None else dict(zip(keys, row, strict=True))


def close_ask(
    conn: sqlite3.Connection, ask_id: int, status: str, on: date, note: str | None
) -> None:
    """Set an ask's status (resolved or dropped), the day it closed and why."""
    conn.execute(
        "UPDATE ask SET status = ?, resolved_on = ?, resolution_note = ? WHERE id = ?",
        (status, on.isoformat(), note, ask_id),
    )


def insert_ask(
    conn: sqlite3.Connection,
    contact_id: int,
    text: str,
    tags_json: str,
    created_on: date,
    created_at: str,
) -> int:
    """A new open ask; returns its id."""
    return insert_id(
        conn,
        "INSERT INTO ask (contact_id, text, text_key, tags, status, created_on, created_at) "
        "VALUES (?, ?, ?, ?, 'open', ?, ?)",
        (contact_id, text, folded(text), tags_json, created_on.isoformat(), created_at),
    )


def intro_row(conn: sqlite3.Connection, intro_id: int) -> dict[str, Any] | None:
    """The intro's people, date (ISO text), value and outcome note, or None."""
    keys = ("id", "by_id", "a_id", "b_id", "date", "status", "value_cents", "outcome_note")
    row = conn.execute(f"SELECT {', '.join(keys)} FROM intro WHERE id = ?", (intro_id,)).fetchone()
    return None if row is None else dict(zip(keys, row, strict=True))


def set_intro_outcome(
    conn: sqlite3.Connection,
    intro_id: int,
    status: str,
    on: date,
    value_cents: int | None,
    outcome_note: str | None,
) -> None:
    """Move an intro to a status (met, business, declined) on a day, with its value and note."""
    conn.execute(
        "UPDATE intro SET status = ?, outcome_on = ?, value_cents = ?, outcome_note = ? "
        "WHERE id = ?",
        (status, on.isoformat(), value_cents, outcome_note, intro_id),
    )


def insert_link(
    conn: sqlite3.Connection,
    low_id: int,
    high_id: int,
    strength: int,
    note: str | None,
    created_at: str,
) -> int:
    """A new link between two contacts (the lower id first); returns its id."""
    return insert_id(
        conn,
        "INSERT INTO link (a_id, b_id, strength, note, created_at) VALUES (?, ?, ?, ?, ?)",
        (low_id, high_id, strength, note, created_at),
    )


def update_link(conn: sqlite3.Connection, link_id: int, strength: int, note: str | None) -> None:
    conn.execute("UPDATE link SET strength = ?, note = ? WHERE id = ?", (strength, note, link_id))


def delete_link(conn: sqlite3.Connection, link_id: int) -> None:
    conn.execute("DELETE FROM link WHERE id = ?", (link_id,))
