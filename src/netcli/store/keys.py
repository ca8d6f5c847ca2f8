"""Columns derived by Python from the text beside them, written in the same statement.

Search compares folded text (text.fold: accents, case, apostrophes), and SQL cannot fold the
same way on every database, so each searched text keeps its folded copy in a `*_key` column;
`birthday_md` keeps a birthday's `MM-DD` for `net due` (PostgreSQL's substr has no negative
start). Every write of a source column goes through `with_keys`, so its key is never stale:
`stale_keys` lists any row where one is (tests run it after every write command).
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from netcli.text import fold


def folded(value: str | None) -> str | None:
    """The search key of a text (None stays None)."""
    return None if value is None else fold(value)


def birthday_md(birthday: str | None) -> str | None:
    """`MM-DD` of a canonical birthday (`MM-DD` or `YYYY-MM-DD`)."""
    return birthday[-5:] if birthday else None


# table -> source column -> (derived column, how it is derived)
DERIVED: dict[str, dict[str, tuple[str, Callable[[Any], Any]]]] = {
    "contact": {
        "company": ("company_key", folded),
        "title": ("title_key", folded),
        "category": ("category_key", folded),
        "city": ("city_key", folded),
        "notes": ("notes_key", folded),
        "birthday": ("birthday_md", birthday_md),
    },
    "tag": {"tag": ("tag_key", folded)},
    "ask": {"text": ("text_key", folded)},
    "give": {"text": ("text_key", folded)},
    "interaction": {"note": ("note_key", folded)},
}


def with_keys(table: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """`values` (column -> value) plus the derived columns of every source column in it."""
    found = dict(values)
    for source, (column, derive) in DERIVED[table].items():
        if source in values:
            found[column] = derive(values[source])
    return found


def derived_columns(table: str) -> tuple[str, ...]:
    return tuple(column for column, _ in DERIVED[table].values())


def stale_keys(conn: sqlite3.Connection) -> list[tuple[str, int, str]]:
    """(table, id, column) of every derived column that does not match its source."""
    stale = []
    for table, derived in DERIVED.items():
        sources = list(derived)
        columns = [column for column, _ in derived.values()]
        for row in conn.execute(f"SELECT id, {', '.join(sources + columns)} FROM {table}"):
            for i, (column, derive) in enumerate(derived.values()):
                if row[1 + len(sources) + i] != derive(row[1 + i]):
                    stale.append((table, int(row[0]), column))
    return stale


def refresh(conn: sqlite3.Connection, columns: Mapping[str, Sequence[str]]) -> None:
    """Set these derived columns (table -> columns) of every row from their sources: a
    migration's backfill. One UPDATE per table, deriving through a temporary SQLite function
    (the same Python code): a million rows in seconds, where reading and writing them back
    from Python took minutes. A PostgreSQL store is created at this schema, never backfilled."""
    for table, wanted in columns.items():
        sets = []
        for source, (column, derive) in DERIVED[table].items():
            if column in wanted:
                conn.create_function(f"derive_{column}", 1, functools.lru_cache(4096)(derive))
                sets.append(f"{column} = derive_{column}({source})")
        conn.execute(f"UPDATE {table} SET {', '.join(sets)}")
        for column in wanted:
            conn.create_function(f"derive_{column}", 1, None)
