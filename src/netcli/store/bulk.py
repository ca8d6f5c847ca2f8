"""Bulk writes of `net import`: the lookup indexes of an import, and tag lists kept per set.

The `tag_list_insert` trigger rebuilds a contact's whole tag list for every tag row inserted,
so one contact with n tags costs n² work (20,000 tags held the lock for 78 s). An import
therefore drops that trigger inside its own write transaction, inserts the tags, rebuilds the
lists of the contacts it touched once, and creates the trigger again before it commits. DDL is
transactional in SQLite: no other connection ever sees the store without the trigger, and a
rollback (a bad file, Ctrl-C, `--dry-run`) restores it too.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress

from netcli.store.migrations import TRIGGERS, tag_list_of

_INSERT_TRIGGER = next(t for t in TRIGGERS if "tag_list_insert" in t)


def email_index(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """Every (email key, contact id), newest first, so a dict keeps the oldest owner."""
    return list(conn.execute("SELECT email_key, contact_id FROM email ORDER BY id DESC"))


def name_index(conn: sqlite3.Connection) -> list[tuple[str, int, str | None]]:
    """Every contact but me as (folded name, id, url), in id order."""
    return list(
        conn.execute("SELECT search_key, id, url FROM contact WHERE is_me = FALSE ORDER BY id")
    )


def refresh_tag_lists(conn: sqlite3.Connection, ids: Iterable[int]) -> None:
    """Set contact.tag_list from the tag table, once per contact."""
    conn.executemany(
        f"UPDATE contact SET tag_list = {tag_list_of(':id')} WHERE id = :id",
        [{"id": i} for i in sorted(set(ids))],
    )


@contextmanager
def tag_lists_per_set(conn: sqlite3.Connection, ids: set[int]) -> Iterator[None]:
    """Insert tags without the per-row trigger; on leaving, rebuild the tag lists of `ids`
    (the caller adds every contact it gives tags to) and restore the trigger."""
    if getattr(conn, "is_postgres", False):  # the trigger is the table owner's to switch off
        yield
        refresh_tag_lists(conn, ids)
        return
    conn.execute("DROP TRIGGER IF EXISTS tag_list_insert")
    try:
        yield
    except BaseException:
        # The rollback that follows restores the trigger anyway; this only keeps a caller
        # that catches the error from committing without it.
        with suppress(sqlite3.Error):
            conn.execute(_INSERT_TRIGGER)
        raise
    refresh_tag_lists(conn, ids)
    conn.execute(_INSERT_TRIGGER)
