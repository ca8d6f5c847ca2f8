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

from netcli.store.dialect import string_agg

Migration = Callable[[sqlite3.Connection], None]

# `net list` reads contacts in name order from this index alone (models.Contact); so does
# `net match`, their ids and trust (schema 17).
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
    "trust",
)

# `net due` reads the birthdays of active contacts in a month-day range (schema 6): with the
# flags first, the planner takes this index over ix_contact_list (100k contacts: 30 ms, not 1.7 s).
BIRTHDAY_INDEX_COLUMNS = ("archived", "is_me", "birthday_md")

# `net find` reads the folded keys of the big record tables through these narrow indexes
# (schema 6): a substring LIKE cannot seek, but scanning the index reads far fewer pages
# than the rows (a million interactions: 0.2 s, not 1 s).
FIND_INDEXES: dict[str, tuple[str, tuple[str, ...]]] = {
    "tag": ("ix_tag_key", ("tag_key", "contact_id")),
    "give": ("ix_give_text_key", ("text_key", "giver_id", "receiver_id")),
    "interaction": ("ix_interaction_note_key", ("note_key",)),
}

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
# schema 7: the referrals still in play, by status and the day of their last change
REFERRAL_STATUS_INDEX = ("ix_give_status_on", "status", "status_on")
# schema 7: `net credit` reads the business gives to me (and listings a kind) through this one
KIND_INDEX = ("ix_give_kind_receiver", "kind", "receiver_id", "date")
PROSPECT_INDEX = ("ix_give_prospect_id", "prospect_id")  # the name models.Give's FK index gets
REFERRAL_COLUMNS = (
    ("status", "VARCHAR"),
    ("status_on", "DATE"),
    ("hot", "INTEGER"),
    ("prospect_id", "INTEGER REFERENCES contact (id) ON DELETE SET NULL"),
    ("closed_value_cents", "INTEGER"),
)
SINGLE_INDEXES_BEFORE_3 = (
    "ix_give_giver_id",
    "ix_give_receiver_id",
    "ix_intro_by_id",
    "ix_intro_a_id",
    "ix_intro_b_id",
)


def tag_list_of(contact_id: str) -> str:
    """The tags of one contact, sorted and joined with ", " (NULL when it has none), as an
    SQL expression; `contact_id` is the SQL that names the contact's id."""
    joined = string_agg("t.tag", "', '")
    return (
        f"(SELECT {joined} FROM "
        f"(SELECT tag FROM tag WHERE contact_id = {contact_id} ORDER BY tag) AS t)"
    )


_TAG_LIST = (
    "UPDATE contact SET tag_list = "
    + tag_list_of("{row}.contact_id")
    + (" WHERE id = {row}.contact_id;")
)
# Every contact's tag_list at once (schema 2; a restore's bulk load, store/transfer.py).
TAG_LIST_ALL = "UPDATE contact SET tag_list = " + tag_list_of("contact.id")
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


GROUP_TABLES = (
    "chapter",
    "member",
    "slip",
    "slip_history",
    "thanks",
    "one_to_one",
    "meeting",
    "attendance",
    "visitor",
)


def _group_tables(conn: sqlite3.Connection) -> None:
    """Schema 11: the group's roster and ledger (spec §12), created from the models."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable
    from sqlmodel import SQLModel

    from netcli.store import models  # noqa: F401  (registers the tables)

    dialect = sqlite.dialect()
    for name in GROUP_TABLES:
        table = SQLModel.metadata.tables[name]
        conn.execute(str(CreateTable(table, if_not_exists=True).compile(dialect=dialect)))
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            create = CreateIndex(index, if_not_exists=True)
            conn.execute(str(create.compile(dialect=dialect)))


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


def _referral_lifecycle(conn: sqlite3.Connection) -> None:
    """Schema 7 (spec §11): referral gives get a status, hot rating, prospect and closed
    value; intros may be `proposed`; every status change is kept in `status_change`.
    Idempotent: each part is skipped when it is there already. Referrals recorded before
    have no known outcome: they start `open` on their date."""
    from netcli.store import referrals

    ddl = schema_ddl()
    have = _columns(conn, "give")
    for name, sql_type in REFERRAL_COLUMNS:
        if name not in have:
            conn.execute(f"ALTER TABLE give ADD COLUMN {name} {sql_type}")
    for name, *columns in (REFERRAL_STATUS_INDEX, KIND_INDEX, PROSPECT_INDEX):
        conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON give ({', '.join(columns)})")
    intro_sql = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'intro'"
    ).fetchone()[0]
    if "'proposed'" not in intro_sql:
        # SQLite cannot alter a CHECK constraint: rebuild the table (foreign keys are off
        # during migrations, db._migrate) and its indexes, from the model's DDL.
        conn.execute("ALTER TABLE intro RENAME TO intro_before_7")
        conn.execute(next(s for s in ddl if s.startswith("CREATE TABLE intro ")))
        conn.execute("INSERT INTO intro SELECT * FROM intro_before_7")
        conn.execute("DROP TABLE intro_before_7")
        for statement in ddl:
            if statement.startswith("CREATE INDEX") and " ON intro (" in statement:
                conn.execute(statement.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))
    for statement in ddl:
        if "status_change" in statement.split("(")[0]:
            conn.execute(
                statement.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS", 1).replace(
                    "CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1
                )
            )
    referrals.start_lifecycles(conn)


# Schema 6: the columns derived by Python (store/keys.py), in the order they were added.
DERIVED_6 = {
    "contact": (
        "birthday_md", "company_key", "title_key", "category_key", "city_key", "notes_key",
    ),
    "tag": ("tag_key",),
    "ask": ("text_key",),
    "give": ("text_key",),
    "interaction": ("note_key",),
}  # fmt: skip


def _derived_columns(conn: sqlite3.Connection) -> None:
    """Schema 6: folded search keys and birthday_md written by Python beside their sources
    (search answers the same on any database); the birthday index reads the column; the
    tag_list triggers in their portable spelling. Money stays INTEGER, 64-bit in SQLite."""
    from netcli.store import keys

    # the triggers go first: tag_list_update would rebuild a tag list for every tag_key set
    for name in ("tag_list_insert", "tag_list_delete", "tag_list_update"):
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    conn.execute("DROP INDEX IF EXISTS ix_contact_birthday_md")
    for table, columns in DERIVED_6.items():
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        for column in columns:
            if column not in have:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} VARCHAR")
    keys.refresh(conn, DERIVED_6)
    for table, (name, columns) in FIND_INDEXES.items():
        conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({', '.join(columns)})")
    conn.execute(
        f"CREATE INDEX ix_contact_birthday_md ON contact ({', '.join(BIRTHDAY_INDEX_COLUMNS)})"
    )
    for statement in TRIGGERS:
        conn.execute(statement)


GAINS_COLUMNS = ("goals", "accomplishments", "interests", "networks", "skills")
# `net report` reads a period's gives and one-to-ones from these alone (schema 9): on 100,000
# contacts the table rows, read one by one through the date index, took seconds.
REPORT_INDEXES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "give": (("ix_give_date_report", ("date", "giver_id", "receiver_id", "kind", "value_cents")),),
    "interaction": (("ix_interaction_kind_date", ("kind", "date")),),
}


def _gains(conn: sqlite3.Connection) -> None:
    """Schema 9: the GAINS fields of a contact (goals, accomplishments, interests, networks,
    skills), and the covering indexes of `net report`. Idempotent: a column or index
    already there is left alone."""
    have = {r[1] for r in conn.execute("PRAGMA table_info(contact)")}
    for column in GAINS_COLUMNS:
        if column not in have:
            conn.execute(f"ALTER TABLE contact ADD COLUMN {column} VARCHAR")
    for table, indexes in REPORT_INDEXES.items():
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


def _nothing(conn: sqlite3.Connection) -> None:
    """A version whose change is PostgreSQL's only: SQLite stores keep step with it."""


def _term_index(conn: sqlite3.Connection) -> None:
    """Schema 12: the term index of `net who` and `net match` (store/terms.py), created from
    the model and filled from every contact's texts. Idempotent: the table is refilled."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable
    from sqlmodel import SQLModel

    from netcli.services.matching import index_rows  # the words, as the write path keeps them
    from netcli.store import models, terms  # noqa: F401  (models registers the tables)

    dialect = sqlite.dialect()
    table = SQLModel.metadata.tables["term"]
    conn.execute(str(CreateTable(table, if_not_exists=True).compile(dialect=dialect)))
    # filled without its contact index, which is then built once (a sort)
    conn.execute("DROP INDEX IF EXISTS ix_term_contact_id")
    terms.rebuild(conn, index_rows)
    for index in table.indexes:
        conn.execute(str(CreateIndex(index, if_not_exists=True).compile(dialect=dialect)))


# `net report` sums a period in SQL (schema 15, store/report.py): the gives' index also holds
# what a referral's result is computed from, and the intros I made lead one by day, so every
# sum reads an index alone. The wider give index replaces schema 9's (a prefix of it).
RESULT_INDEXES: dict[str, tuple[str, tuple[str, ...]]] = {
    "give": (
        "ix_give_date_result",
        ("date", "giver_id", "receiver_id", "kind", "value_cents", "status", "closed_value_cents"),
    ),
    "intro": (
        "ix_intro_by_date",
        ("by_id", "date", "status", "value_cents", "outcome_on", "a_id", "b_id"),
    ),
}
REPLACED_INDEX = "ix_give_date_report"


def _report_sums(conn: sqlite3.Connection) -> None:
    """Schema 15: the covering indexes `net report` sums through (RESULT_INDEXES).
    Idempotent: the step may be renumbered when branches meet."""
    for table, (name, columns) in RESULT_INDEXES.items():
        conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({', '.join(columns)})")
    conn.execute(f"DROP INDEX IF EXISTS {REPLACED_INDEX}")


def _list_trust(conn: sqlite3.Connection) -> None:
    """Schema 17: the list index holds the trust too (`net match` reads everyone's in name
    order). Idempotent: the step may be renumbered when branches meet."""
    conn.execute("DROP INDEX IF EXISTS ix_contact_list")
    conn.execute(f"CREATE INDEX ix_contact_list ON contact ({', '.join(LIST_INDEX_COLUMNS)})")


# version reached -> the step that reaches it from the version before.
# Version 1 is the initial schema, created from the models.
MIGRATIONS: dict[int, Migration] = {
    2: _add_tag_list,
    3: _refold_search_keys,
    4: _list_category,
    5: _pair_indexes,
    6: _derived_columns,
    7: _referral_lifecycle,
    8: _records,
    9: _gains,
    11: _group_tables,
    12: _term_index,
    # On PostgreSQL, an owner on every private row and row-level security (store/pg_owners.py);
    # a SQLite store is one person's: nothing changes.
    13: _nothing,
    # On PostgreSQL, the group tables' sharing policies (store/pg_groups.py).
    14: _nothing,
    15: _report_sums,
    17: _list_trust,
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
