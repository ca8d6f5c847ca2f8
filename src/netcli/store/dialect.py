"""The few spellings where SQLite's SQL and PostgreSQL's differ, named in one place.

Every other statement in `store/` is written in the subset both understand: booleans compared
as booleans (`archived = FALSE`, Python True/False parameters: SQLite's planner uses an index
for `archived = FALSE` but not for `NOT archived`), `TRUE` rather than `WHERE 1`,
aliased subqueries, `ON CONFLICT`, `IS [NOT] DISTINCT FROM`, `ORDER BY id`, CASE rather than
two-argument max()/min(), `COLLATE BINARY` for byte order (PostgreSQL: `COLLATE "C"`). A
PostgreSQL backend twins these names; nothing else changes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

# RETURNING came with SQLite 3.35, IS DISTINCT FROM with 3.39; older libraries (some LTS
# distributions' Python) get the equivalent SQLite spelling.
_RETURNING = sqlite3.sqlite_version_info >= (3, 35)
DISTINCT_FROM = "IS DISTINCT FROM" if sqlite3.sqlite_version_info >= (3, 39) else "IS NOT"


def string_agg(expression: str, separator: str) -> str:
    """An aggregate joining `expression` with `separator` (an SQL expression: a parameter or
    a quoted literal), in the order of the rows it reads (an ordered, aliased subquery).
    PostgreSQL: string_agg(expression, separator)."""
    return f"group_concat({expression}, {separator})"


def json_array(expression: str) -> str:
    """An aggregate making a JSON array of `expression` in the order of the rows it reads
    (an ordered, aliased subquery): one string for Python's C parser, not a row each.
    PostgreSQL: json_agg(expression), which its driver hands over parsed (`json_list`)."""
    return f"json_group_array({expression})"


def json_list(value: Any) -> list[Any]:
    """What `json_array` read, as a list: SQLite gives the JSON text, PostgreSQL's driver the
    list itself, and NULL (no rows, on PostgreSQL) is the empty list."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    import json  # not at the top: `net list` and `net due` never read JSON

    return list(json.loads(value))


def insert_id(
    conn: sqlite3.Connection, sql: str, params: Sequence[Any] | dict[str, Any] = ()
) -> int:
    """Run one `INSERT` (written without RETURNING) and return the id of the row it made."""
    if _RETURNING:
        [(new_id,)] = conn.execute(sql + " RETURNING id", params).fetchall()
        return int(new_id)
    cursor = conn.execute(sql, params)
    assert cursor.lastrowid is not None
    return int(cursor.lastrowid)
