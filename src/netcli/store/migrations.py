"""Schema versions: an ordered registry keyed by PRAGMA user_version.

A new store is created from the models at the latest version. An older store is brought
forward one step at a time, each step a function over the open sqlite3 connection, all inside
one write transaction (after db.py has written a backup copy beside the file). To change the
schema: change the models, add `MIGRATIONS[N + 1] = step` that turns version N into the new
one, and a test that a migrated store equals a fresh one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]

# `net list` reads contacts in name order from this index alone (models.Contact).
LIST_INDEX_COLUMNS = (
    "archived",
    "is_me",
    "search_key",
    "id",
    "name",
    "company",
    "category",
    "tag_list",
    "last_contact",
    "next_due",
)

# The derived last_contact pairs a contact with me in every give and intro branch
# (store/derived.py). Indexes led by the pair, not by one person: with a single-column index
# the planner could walk every record of mine for each contact (issue 20). Each composite
# also serves the lookups of its leading column, so the single-column indexes went.
PAIR_INDEXES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "give": (
        ("ix_give_giver_receiver", ("giver_id", "receiver_id", "date")),
        ("ix_give_receiver_giver", ("receiver_id", "giver_id", "date")),
    ),
    "intro": (
        ("ix_intro_by_a_b", ("by_id", "a_id", "b_id", "date")),
        ("ix_intro_a_b_by", ("a_id", "b_id", "by_id", "date")),
        ("ix_intro_b_by_a", ("b_id", "by_id", "a_id", "date")),
    ),
}
SINGLE_INDEXES_BEFORE_3 = (
    "ix_give_giver_id",
    "ix_give_receiver_id",
    "ix_intro_by_id",
    "ix_intro_a_id",
    "ix_intro_b_id",
)

_TAG_LIST = (
    "UPDATE contact SET tag_list = (SELECT group_concat(tag, ', ') FROM "
    "(SELECT tag FROM tag WHERE contact_id = {row}.contact_id ORDER BY tag)) "
    "WHERE id = {row}.contact_id;"
)
# Every contact's tag_list at once (schema 2; a restore's bulk load, store/transfer.py).
TAG_LIST_ALL = (
    "UPDATE contact SET tag_list = (SELECT group_concat(tag, ', ') FROM "
    "(SELECT tag FROM tag WHERE contact_id = contact.id ORDER BY tag))"
)
# contact.tag_list follows the tag table whoever writes it: the ORM, an import's plain SQL,
# a merge. Part of the schema beside the models (SQLModel has no triggers).
TRIGGERS = [
    "CREATE TRIGGER tag_list_insert AFTER INSERT ON tag BEGIN "
    + _TAG_LIST.format(row="NEW")
    + " END",
    "CREATE TRIGGER tag_list_delete AFTER DELETE ON tag BEGIN "
    + _TAG_LIST.format(row="OLD")
    + " END",
    "CREATE TRIGGER tag_list_update AFTER UPDATE ON tag BEGIN "
    + _TAG_LIST.format(row="OLD")
    + " "
    + _TAG_LIST.format(row="NEW")
    + " END",
]


def _add_tag_list(conn: sqlite3.Connection) -> None:
    """Schema 2: contact.tag_list (kept by triggers) and the covering index of `net list`."""
    conn.execute("ALTER TABLE contact ADD COLUMN tag_list VARCHAR")
    conn.execute(TAG_LIST_ALL)
    for statement in TRIGGERS:
        conn.execute(statement)
    conn.execute(f"CREATE INDEX ix_contact_list ON contact ({', '.join(LIST_INDEX_COLUMNS)})")


def _refold_search_keys(conn: sqlite3.Connection) -> None:
    """Schema 3: search keys folded the current way (one apostrophe for `D’Amico` and
    `D'Amico`, zero-width and other format characters dropped). Run it again, as a new step,
    whenever text.fold changes: the keys are stored and indexed."""
    from netcli.text import fold

    stale = [
        (key, contact_id)
        for contact_id, name, is_me, old in conn.execute(
            "SELECT id, name, is_me, search_key FROM contact"
        ).fetchall()
        if (key := "me" if is_me else fold(name)) != old
    ]
    conn.executemany("UPDATE contact SET search_key = ? WHERE id = ?", stale)


def _list_category(conn: sqlite3.Connection) -> None:
    """Schema 4: `net list` shows the category, so its covering index holds it too."""
    conn.execute("DROP INDEX ix_contact_list")
    conn.execute(f"CREATE INDEX ix_contact_list ON contact ({', '.join(LIST_INDEX_COLUMNS)})")


def _pair_indexes(conn: sqlite3.Connection) -> None:
    """Schema 5: composite (person, person, date) indexes on give and intro."""
    for name in SINGLE_INDEXES_BEFORE_3:
        conn.execute(f"DROP INDEX IF EXISTS {name}")
    for table, indexes in PAIR_INDEXES.items():
        for name, columns in indexes:
            conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({', '.join(columns)})")


def _records(conn: sqlite3.Connection) -> None:
    """Schema 8: contact.birthday_done_for (the birthday `net done` cleared) and the date
    indexes `net history` reads intros and asks through, newest first. Idempotent: the step
    may be renumbered when branches meet."""
    columns = [r[1] for r in conn.execute("PRAGMA table_info(contact)")]
    if "birthday_done_for" not in columns:
        conn.execute("ALTER TABLE contact ADD COLUMN birthday_done_for DATE")
    conn.execute("CREATE INDEX IF NOT EXISTS ix_intro_date ON intro (date)")
    conn.execute("CREATE INDEX IF NOT EXISTS ix_ask_created_on ON ask (created_on)")


# version reached -> the step that reaches it from the version before.
# Version 1 is the initial schema, created from the models.
MIGRATIONS: dict[int, Migration] = {
    2: _add_tag_list,
    3: _refold_search_keys,
    4: _list_category,
    5: _pair_indexes,
    8: _records,
}


def latest() -> int:
    """The schema version this code writes."""
    return max(MIGRATIONS, default=1)


def pending(current: int) -> list[tuple[int, Migration]]:
    """The steps that bring a store at `current` to the latest version, in order."""
    return sorted((v, step) for v, step in MIGRATIONS.items() if v > current)


def schema_ddl() -> list[str]:
    """CREATE statements for the current models, in dependency order."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable
    from sqlmodel import SQLModel

    from netcli.store import models  # noqa: F401  (registers the tables)

    dialect = sqlite.dialect()
    ddl: list[str] = []
    for table in SQLModel.metadata.sorted_tables:
        ddl.append(str(CreateTable(table).compile(dialect=dialect)).strip())
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            ddl.append(str(CreateIndex(index).compile(dialect=dialect)).strip())
    return ddl + TRIGGERS
