"""SQL of the JSON import: restore into an empty store, merge into one with data.

Rows arrive checked (services.document) as dicts keyed by column; each table goes in with one
executemany. Ids are always given: a restore keeps the document's, a merge numbers new rows
after the store's highest id (what SQLite would pick, since the write lock is held).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from netcli.fields import CONTACT, FIELDS, TRUST
from netcli.store import migrations
from netcli.store.keys import DERIVED, derived_columns, folded, with_keys

# A restore's contact rows: every field but the contacts they point at (via_id: set once all
# rows are in, set_vias), and what the store keeps.
CONTACT_COLUMNS = (
    "id", "name", "search_key", *(f.name for f in FIELDS if f.kind != CONTACT), "is_me",
    "archived", "snoozed_until", "created_at", "updated_at",
)  # fmt: skip
RECORD_COLUMNS: dict[str, tuple[str, ...]] = {
    "intro": (
        "id", "by_id", "a_id", "b_id", "date", "note", "status", "value_cents", "outcome_on",
        "outcome_note", "created_at",
    ),
    "ask": (
        "id", "contact_id", "text", "tags", "status", "created_on", "resolved_on",
        "resolution_note", "created_at",
    ),
    "give": (
        "id", "giver_id", "receiver_id", "text", "kind", "value_cents", "date", "ask_id",
        "created_at", "status", "status_on", "hot", "prospect_id", "closed_value_cents",
    ),
    "interaction": ("id", "kind", "date", "note", "created_at"),
    "link": ("id", "a_id", "b_id", "strength", "note", "created_at"),
    "reminder": ("id", "contact_id", "date", "note", "done_on", "created_at"),
}  # fmt: skip
BULK_CACHE_KIB = 64 * 1024
# what store creation leaves empty on me (db._initialise)
_UNSET_ON_ME = (*(f.name for f in FIELDS if f.kind != TRUST), "snoozed_until")
_RECORD_TABLES = ("intro", "ask", "give", "interaction", "link", "reminder")


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})"
    )


def store_is_pristine(conn: sqlite3.Connection) -> bool:
    """Only the `me` a new store starts with, never edited: a restore loses nothing."""
    if conn.execute("SELECT count(*) FROM contact WHERE is_me = FALSE").fetchone()[0]:
        return False
    for table in (*_RECORD_TABLES, "setting"):
        if conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
            return False
    # me as store creation writes it (db._initialise): a stamp cannot tell, an edit may come
    # within the same second
    me = conn.execute(
        "SELECT id FROM contact WHERE is_me = TRUE AND name = 'Me' AND trust = 5 "
        "AND archived = FALSE " + "".join(f"AND {column} IS NULL " for column in _UNSET_ON_ME)
    ).fetchone()
    if me is None:
        return False
    if getattr(conn, "is_postgres", False):
        from netcli.store import pg_owners

        if pg_owners.ids_taken_by_others(conn):  # type: ignore[arg-type]
            return False  # a shared server: the document's ids may be someone else's
    return not any(
        conn.execute(f"SELECT 1 FROM {table} WHERE contact_id = ? LIMIT 1", (me[0],)).fetchone()
        for table in ("email", "phone", "tag")
    )


@contextlib.contextmanager
def bulk_load(conn: sqlite3.Connection) -> Iterator[None]:
    """Load a new store's tables without their indexes and triggers, then build them once.

    Building an index from the loaded rows is a sort, much cheaper than keeping it in order row
    by row; `tag_list` is set by one statement instead of one trigger run per tag. The same
    CREATE statements are run again, inside the same transaction: a failure rolls it all back.
    """
    if getattr(conn, "is_postgres", False):
        from netcli.store import pg

        with pg.bulk_load(conn):  # type: ignore[arg-type]
            yield
        return
    saved = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
        "AND sql IS NOT NULL ORDER BY type, name"
    ).fetchall()
    for kind, name, _ in saved:
        conn.execute(f"DROP {kind.upper()} {name}")
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")  # room for the index sorts
    yield
    conn.execute(migrations.TAG_LIST_ALL)
    for _, _, sql in saved:
        conn.execute(sql)
    conn.execute(f"PRAGMA cache_size = {int(cache)}")


@contextlib.contextmanager
def savepoint(conn: sqlite3.Connection, name: str) -> Iterator[None]:
    """Undo what the block wrote (and only that) when it raises; the transaction goes on."""
    conn.execute(f"SAVEPOINT {name}")
    try:
        yield
    except Exception:
        conn.execute(f"ROLLBACK TO {name}")
        conn.execute(f"RELEASE {name}")
        raise
    conn.execute(f"RELEASE {name}")


def discard(conn: sqlite3.Connection) -> None:
    """Undo what the transaction wrote and go on with an empty one (`--dry-run`)."""
    if getattr(conn, "is_postgres", False):
        from netcli.store import pg

        pg.discard(conn)  # type: ignore[arg-type]
        return
    conn.execute("ROLLBACK")
    conn.execute("BEGIN IMMEDIATE")


def drop_pristine_me(conn: sqlite3.Connection) -> None:
    """A restore brings its own me (store_is_pristine said nothing else is there)."""
    conn.execute("DELETE FROM contact WHERE is_me = TRUE")


def insert_contacts(
    conn: sqlite3.Connection, rows: Sequence[dict[str, Any]], vias: bool = True
) -> None:
    """Contacts with their emails, phones and tags; `via_id` afterwards (it points at any;
    vias=False leaves it to the caller's `set_vias` once every contact is in)."""
    conn.executemany(
        _insert_sql("contact", (*CONTACT_COLUMNS, *derived_columns("contact"))),
        [with_keys("contact", r) for r in rows],
    )
    conn.executemany(
        "INSERT INTO email (contact_id, email, email_key, position) VALUES (?, ?, ?, ?)",
        [(r["id"], e, e.casefold(), i) for r in rows for i, e in enumerate(r["emails"])],
    )
    conn.executemany(
        "INSERT INTO phone (contact_id, phone, position) VALUES (?, ?, ?)",
        [(r["id"], p, i) for r in rows for i, p in enumerate(r["phones"])],
    )
    conn.executemany(
        "INSERT INTO tag (contact_id, tag, tag_key) VALUES (?, ?, ?)",
        [(r["id"], t, folded(t)) for r in rows for t in r["tags"]],
    )
    if rows and getattr(conn, "is_postgres", False):
        from netcli.store import pg_owners

        pg_owners.ids_taken(conn, "contact", max(int(r["id"]) for r in rows))  # type: ignore[arg-type]
    if vias:
        set_vias(conn, [(r["via_id"], r["id"]) for r in rows if r["via_id"] is not None])


def set_vias(conn: sqlite3.Connection, pairs: Iterable[tuple[int, int]]) -> None:
    """(via_id, contact_id): set who introduced each contact, where not known yet."""
    conn.executemany("UPDATE contact SET via_id = ? WHERE id = ? AND via_id IS NULL", pairs)


def insert_records(conn: sqlite3.Connection, table: str, rows: Sequence[dict[str, Any]]) -> None:
    """Rows of one record table (intro, ask, give, interaction, link, reminder), ids given."""
    if table in DERIVED:
        columns = (*RECORD_COLUMNS[table], *derived_columns(table))
        conn.executemany(_insert_sql(table, columns), [with_keys(table, r) for r in rows])
    else:
        conn.executemany(_insert_sql(table, RECORD_COLUMNS[table]), rows)
    if table in ("intro", "give"):
        # their status history (spec §10), kept under the record's id
        owner = {"intro": ("intro_id", "give_id"), "give": ("give_id", "intro_id")}[table]
        conn.executemany(
            "INSERT INTO status_change (give_id, intro_id, status, date, value_cents, note, "
            "created_at) VALUES (:give_id, :intro_id, :status, :date, :value_cents, :note, "
            ":created_at)",
            [{**h, owner[0]: r["id"], owner[1]: None} for r in rows for h in r.get("history", ())],
        )
    if table == "interaction":
        conn.executemany(
            "INSERT INTO interaction_contact (interaction_id, contact_id) VALUES (?, ?)",
            [(r["id"], c) for r in rows for c in r["contact_ids"]],
        )
    if rows and getattr(conn, "is_postgres", False):
        from netcli.store import pg_owners

        pg_owners.ids_taken(conn, table, max(int(r["id"]) for r in rows))  # type: ignore[arg-type]


def ids_given(conn: sqlite3.Connection) -> None:
    """After rows inserted with their ids outside bulk_load: on PostgreSQL the id sequences
    move past them (SQLite numbers the next row after the largest id by itself)."""
    if getattr(conn, "is_postgres", False):
        from netcli.store import pg

        pg.move_sequences(conn)  # type: ignore[arg-type]


def next_id(conn: sqlite3.Connection, table: str) -> int:
    """The first id free for rows written with their ids (an import's merge, the demo)."""
    assert table in RECORD_COLUMNS
    if getattr(conn, "is_postgres", False):
        from netcli.store import pg_owners

        return pg_owners.next_free_id(conn, table)  # type: ignore[arg-type]
    return int(conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])


def next_contact_id(conn: sqlite3.Connection) -> int:
    if getattr(conn, "is_postgres", False):
        from netcli.store import pg_owners

        return pg_owners.next_free_id(conn, "contact")  # type: ignore[arg-type]
    return int(conn.execute("SELECT coalesce(max(id), 0) + 1 FROM contact").fetchone()[0])


def record_rows(conn: sqlite3.Connection, table: str) -> list[dict[str, Any]]:
    """Every row of a record table as a dict by column (interactions with `contact_ids`)."""
    columns = RECORD_COLUMNS[table]
    found = [
        dict(zip(columns, r, strict=True))
        for r in conn.execute(f"SELECT {', '.join(columns)} FROM {table}")
    ]
    if table == "ask":
        for r in found:
            r["tags"] = json.dumps(json.loads(r["tags"] or "[]"), ensure_ascii=False)
    if table == "interaction":
        people: dict[int, list[int]] = {}
        for interaction_id, contact_id in conn.execute(
            "SELECT interaction_id, contact_id FROM interaction_contact"
        ):
            people.setdefault(interaction_id, []).append(contact_id)
        for r in found:
            r["contact_ids"] = people.get(r["id"], [])
    return found


def put_settings(conn: sqlite3.Connection, items: Iterable[tuple[str, str]]) -> None:
    conn.executemany(
        "INSERT INTO setting (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        items,
    )


# export --------------------------------------------------------------------------------
def all_contact_rows(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every contact, me and the archived ones too, in id order (the JSON document)."""
    from netcli.store import queries

    return queries.rows(conn, f"SELECT {queries.contact_columns()} FROM contact ORDER BY id")


def file_contact_rows(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every contact but me, archived ones too, by name (CSV and vCard exports)."""
    from netcli.store import queries

    return queries.rows(
        conn,
        f"SELECT {queries.contact_columns()} FROM contact WHERE NOT is_me ORDER BY search_key, id",
    )


def created_stamps(conn: sqlite3.Connection, table: str) -> dict[int, str]:
    """Each record's id and creation stamp, for a record table."""
    assert table in RECORD_COLUMNS
    return dict(conn.execute(f"SELECT id, created_at FROM {table}"))


def table_rows(conn: sqlite3.Connection, table: str) -> list[dict[str, Any]]:
    """Every row of a record table (links, reminders) as a dict by column, in id order."""
    columns = RECORD_COLUMNS[table]
    found = conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id")
    return [dict(zip(columns, r, strict=True)) for r in found]


def intros_by_id(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    from netcli.store import queries

    return queries.intro_objects(conn, order="i.id")


def asks_by_id(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    from netcli.store import queries

    return queries.ask_objects(conn, order="a.id")


def gives_by_id(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    from netcli.store import queries

    return queries.give_objects(conn, order="g.id")


def interactions_by_id(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    from netcli.store import queries

    return queries.interaction_objects(conn, order="i.id")
