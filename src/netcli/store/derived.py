"""SQL of the derived contact columns (tag_list, last_contact, next_due); the rules are
services.touch. `net db check` (services.maintenance) compares them with their sources.

Two shapes of the same definition (spec §1: the latest interaction, give or intro involving
both me and the contact):
- `refresh_last_contact(conn, me, ids)`: one statement per contact, for the few contacts a
  command touches. Each branch pairs the contact's column with my column, so it is served by a
  composite index led by either (models: ix_give_*, ix_intro_*) and reads only the records
  between me and that contact, however many records involve me (schema 3).
- `refresh_all_last_contact(conn, me)`: one set-based pass over every record, for bulk writes
  (import, restore, demo): each row is read once instead of once per contact.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from netcli.store.dialect import DISTINCT_FROM
from netcli.store.migrations import tag_list_of

# Each branch is `<contact's column> = contact.id AND <my column> = :me`: both equalities are
# index prefixes (tests/store/test_plans.py checks the plans).
LAST_CONTACT_ONE = """
UPDATE contact SET last_contact = (
  SELECT max(d) FROM (
    SELECT i.date AS d FROM interaction_contact ic
      JOIN interaction i ON i.id = ic.interaction_id WHERE ic.contact_id = contact.id
    UNION ALL SELECT date FROM give WHERE receiver_id = contact.id AND giver_id = :me
    UNION ALL SELECT date FROM give WHERE giver_id = contact.id AND receiver_id = :me
    UNION ALL SELECT date FROM intro WHERE by_id = contact.id AND a_id = :me
    UNION ALL SELECT date FROM intro WHERE by_id = contact.id AND b_id = :me
    UNION ALL SELECT date FROM intro WHERE a_id = contact.id AND by_id = :me
    UNION ALL SELECT date FROM intro WHERE a_id = contact.id AND b_id = :me
    UNION ALL SELECT date FROM intro WHERE b_id = contact.id AND by_id = :me
    UNION ALL SELECT date FROM intro WHERE b_id = contact.id AND a_id = :me
  ) AS touch
) WHERE id = :id AND is_me = FALSE
"""

# Every record read once: the latest date per contact into a keyed temp table, then one
# UPDATE that touches only the rows whose value changes.
LAST_CONTACT_ALL = (
    "CREATE TEMP TABLE IF NOT EXISTS derived_touch (contact_id INTEGER PRIMARY KEY, d TEXT)",
    "DELETE FROM temp.derived_touch",
    """
INSERT INTO temp.derived_touch (contact_id, d)
SELECT contact_id, max(d) FROM (
  SELECT ic.contact_id AS contact_id, i.date AS d FROM interaction_contact ic
    JOIN interaction i ON i.id = ic.interaction_id
  UNION ALL
  SELECT CASE WHEN giver_id = :me THEN receiver_id ELSE giver_id END, date FROM give
    WHERE giver_id = :me OR receiver_id = :me
  UNION ALL
  SELECT CASE WHEN by_id = :me THEN a_id ELSE by_id END, date FROM intro
    WHERE :me IN (by_id, b_id)
  UNION ALL
  SELECT CASE WHEN b_id = :me THEN a_id ELSE b_id END, date FROM intro
    WHERE :me IN (by_id, a_id)
  UNION ALL
  SELECT CASE WHEN a_id = :me THEN by_id ELSE a_id END, date FROM intro
    WHERE :me IN (a_id, b_id)
) AS touch GROUP BY contact_id
""",
    f"""
UPDATE contact SET last_contact = (
  SELECT d FROM temp.derived_touch t WHERE t.contact_id = contact.id
) WHERE is_me = FALSE AND last_contact {DISTINCT_FROM} (
  SELECT d FROM temp.derived_touch t WHERE t.contact_id = contact.id
)
""",
    "DELETE FROM temp.derived_touch",
)


def refresh_last_contact(conn: sqlite3.Connection, me: int, ids: Sequence[int]) -> None:
    conn.executemany(LAST_CONTACT_ONE, [{"me": me, "id": i} for i in ids])


def refresh_all_last_contact(conn: sqlite3.Connection, me: int) -> None:
    for statement in LAST_CONTACT_ALL:
        conn.execute(statement, {"me": me} if ":me" in statement else {})


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    return (ids[i : i + 900] for i in range(0, len(ids), 900))


def open_reminders(conn: sqlite3.Connection, ids: Sequence[int] | None) -> list[tuple[int, str]]:
    """(contact_id, date) of open reminders: of these contacts, or of everyone (None)."""
    if ids is None:
        return conn.execute(
            "SELECT contact_id, date FROM reminder WHERE done_on IS NULL"
        ).fetchall()
    found: list[tuple[int, str]] = []
    for chunk in _chunks(ids):
        marks = ", ".join("?" * len(chunk))
        found += conn.execute(
            f"SELECT contact_id, date FROM reminder WHERE done_on IS NULL "
            f"AND contact_id IN ({marks})",
            chunk,
        ).fetchall()
    return found


_DUE_INPUTS = (
    "SELECT id, every, last_contact, created_at, snoozed_until, next_due FROM contact "
    "WHERE is_me = FALSE"
)


def due_inputs(conn: sqlite3.Connection, ids: Sequence[int] | None) -> list[tuple[Any, ...]]:
    """(id, every, last_contact, created_at, snoozed_until, next_due) of contacts (None: all)."""
    if ids is None:
        return conn.execute(_DUE_INPUTS).fetchall()
    found: list[tuple[Any, ...]] = []
    for chunk in _chunks(ids):
        marks = ", ".join("?" * len(chunk))
        found += conn.execute(f"{_DUE_INPUTS} AND id IN ({marks})", chunk).fetchall()
    return found


def set_next_due(conn: sqlite3.Connection, updates: Iterable[tuple[str | None, int]]) -> None:
    conn.executemany("UPDATE contact SET next_due = ? WHERE id = ?", updates)


# The latest date of an interaction, give or intro involving both me (:me) and the contact
# (spec §1) as one expression, for `net db check`: a whole-store check, so its `:me IN (…)`
# tests may scan (the write path uses LAST_CONTACT_ONE, index-driven).
LAST_TOUCH = """(
  SELECT max(d) FROM (
    SELECT i.date AS d FROM interaction i
      JOIN interaction_contact ic ON ic.interaction_id = i.id WHERE ic.contact_id = contact.id
    UNION ALL
    SELECT date FROM give WHERE receiver_id = contact.id AND giver_id = :me
    UNION ALL
    SELECT date FROM give WHERE giver_id = contact.id AND receiver_id = :me
    UNION ALL
    SELECT date FROM intro WHERE by_id = contact.id AND :me IN (a_id, b_id)
    UNION ALL
    SELECT date FROM intro WHERE a_id = contact.id AND :me IN (by_id, b_id)
    UNION ALL
    SELECT date FROM intro WHERE b_id = contact.id AND :me IN (by_id, a_id)
  ) AS touch
)"""

TAG_LIST = tag_list_of("contact.id")


def contacts_with_sources(conn: sqlite3.Connection, me: int) -> list[sqlite3.Row]:
    """Every contact but me: its stored derived columns beside what their sources say
    (`expected_tag_list`, `expected_last_contact`) and what next_due is computed from."""
    previous, conn.row_factory = conn.row_factory, sqlite3.Row
    try:
        return list(
            conn.execute(
                f"SELECT id, name, tag_list, {TAG_LIST} AS expected_tag_list, "
                f"last_contact, {LAST_TOUCH} AS expected_last_contact, next_due, every, "
                "created_at, snoozed_until FROM contact WHERE is_me = FALSE ORDER BY id",
                {"me": me},
            )
        )
    finally:
        conn.row_factory = previous


def open_reminder_dates(conn: sqlite3.Connection) -> dict[int, list[date]]:
    """Each contact's open reminders."""
    found: dict[int, list[date]] = {}
    for contact_id, day in conn.execute(
        "SELECT contact_id, date FROM reminder WHERE done_on IS NULL"
    ):
        found.setdefault(contact_id, []).append(date.fromisoformat(day))
    return found


def recompute_tag_lists(conn: sqlite3.Connection, ids: list[int]) -> None:
    """Set tag_list from the tag table (what the triggers keep) for these contacts."""
    conn.executemany(f"UPDATE contact SET tag_list = {TAG_LIST} WHERE id = ?", [(i,) for i in ids])
