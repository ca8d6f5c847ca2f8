"""The derived columns of contact (tag_list, last_contact, next_due) against their sources:
what `net db check` compares and `net db check --repair` recomputes."""

from __future__ import annotations

import sqlite3
from datetime import date

# The latest date of an interaction, give or intro involving both me (:me) and the contact
# (spec §1); the write path (services/touch.py) stores it, `net db check` compares it.
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
  )
)"""

TAG_LIST = (
    "(SELECT group_concat(tag, ', ') FROM "
    "(SELECT tag FROM tag WHERE contact_id = contact.id ORDER BY tag))"
)


def contacts_with_sources(conn: sqlite3.Connection, me: int) -> list[sqlite3.Row]:
    """Every contact but me: its stored derived columns beside what their sources say
    (`expected_tag_list`, `expected_last_contact`) and what next_due is computed from."""
    previous, conn.row_factory = conn.row_factory, sqlite3.Row
    try:
        return list(
            conn.execute(
                f"SELECT id, name, tag_list, {TAG_LIST} AS expected_tag_list, "
                f"last_contact, {LAST_TOUCH} AS expected_last_contact, next_due, every, "
                "created_at, snoozed_until FROM contact WHERE is_me = 0 ORDER BY id",
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


def update_last_contacts(conn: sqlite3.Connection, me: int, ids: list[int]) -> None:
    """Set last_contact from the source tables for these contacts (me excluded)."""
    conn.executemany(
        f"UPDATE contact SET last_contact = {LAST_TOUCH} WHERE id = :id AND is_me = 0",
        [{"me": me, "id": i} for i in ids],
    )
