"""The term index (schema 12): which contacts hold which word, for `net who`, `net match`
and `net prep`.

One row per (term, contact, field): the stemmed words (services.matching.field_terms) of what
a contact offers (name, category, title, company, city, notes, skills, networks,
accomplishments, tags, the gives they made) and needs (their asks, of any status, and goals).
The write path keeps it (services.touch refreshes the contacts a command touched; a deleted
contact's rows go by ON DELETE CASCADE). The primary key leads with the term, so a query's
words, exactly or as the start of longer words (a range of the key), are index lookups: the
candidates are found without reading every profile. Terms are folded ASCII letters and
digits only, which sort the same in every collation.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from netcli.store.dialect import json_array, json_list, string_agg

# (contact id, field, text) of every source a contact's terms come from; an ask's tags come
# as `ask_tags` (JSON), turned into words by the caller.
_CONTACT_FIELDS = (
    "name", "category", "title", "company", "city", "notes", "skills", "networks",
    "accomplishments", "goals",
)  # fmt: skip
CHUNK = 900
Source = tuple[int, str, str]
Row = tuple[str, int, str]


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


def _chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[Sequence[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _source_sql(where: dict[str, str]) -> list[str]:
    """The statements reading the sources, each filtered by its table's contact column."""
    columns = ", ".join(_CONTACT_FIELDS)
    return [
        f"SELECT c.id, {columns} FROM contact c {where['contact']}",
        f"SELECT t.contact_id, 'tag', t.tag FROM tag t {where['tag']}",
        f"SELECT g.giver_id, 'give', g.text FROM give g {where['give']}",
        f"SELECT a.contact_id, 'ask', a.text FROM ask a {where['ask']}",
        f"SELECT a.contact_id, 'ask_tags', a.tags FROM ask a {where['ask']}",
    ]


def _sources_of(
    conn: sqlite3.Connection, sql: list[str], params: Sequence[Any]
) -> Iterator[Source]:
    contact, *others = sql
    for row in conn.execute(contact, params):
        for field, text in zip(_CONTACT_FIELDS, row[1:], strict=True):
            if text:
                yield row[0], field, text
    for statement in others:
        each = list(params) * (statement.count(" UNION ALL ") + 1)  # once per part
        for contact_id, field, text in conn.execute(statement, each):
            if text:
                yield contact_id, field, text


def sources(conn: sqlite3.Connection, ids: Sequence[int]) -> list[Source]:
    """The texts these contacts' terms come from."""
    found: list[Source] = []
    for chunk in _chunks(sorted(set(ids))):
        marks = _marks(chunk)
        where = {
            "contact": f"WHERE c.id IN ({marks})",
            "tag": f"WHERE t.contact_id IN ({marks})",
            "give": f"WHERE g.giver_id IN ({marks})",
            "ask": f"WHERE a.contact_id IN ({marks})",
        }
        contact, *others = _source_sql(where)
        # the lists in one statement: one round trip on a server, not four
        found += _sources_of(conn, [contact, " UNION ALL ".join(others)], list(chunk))
    return found


def all_sources(conn: sqlite3.Connection) -> Iterator[Source]:
    """The texts every contact's terms come from, read table by table."""
    return _sources_of(conn, _source_sql(dict.fromkeys(("contact", "tag", "give", "ask"), "")), ())


_INSERT = "INSERT INTO term (term, contact_id, field) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"


def replace(conn: sqlite3.Connection, ids: Sequence[int], rows: Iterable[Row]) -> None:
    """The rows of these contacts become `rows`."""
    for chunk in _chunks(sorted(set(ids))):
        conn.execute(f"DELETE FROM term WHERE contact_id IN ({_marks(chunk)})", list(chunk))
    conn.executemany(_INSERT, sorted(rows))


def add(conn: sqlite3.Connection, rows: Iterable[Row]) -> None:
    """Add these rows (those already there are kept)."""
    conn.executemany(_INSERT, sorted(rows))


def rebuild(conn: sqlite3.Connection, derive: Callable[[Iterable[Source]], set[Row]]) -> None:
    """Every contact's rows from their sources (a migration, a restore): the table emptied,
    then filled a slice of sources at a time."""
    conn.execute("DELETE FROM term")
    batch: list[Source] = []
    for source in all_sources(conn):
        batch.append(source)
        if len(batch) >= 50_000:
            conn.executemany(_INSERT, sorted(derive(batch)))
            batch = []
    conn.executemany(_INSERT, sorted(derive(batch)))


def all_rows(conn: sqlite3.Connection) -> set[Row]:
    """Every stored row (tests compare them with what the sources give)."""
    return {(r[0], r[1], r[2]) for r in conn.execute("SELECT term, contact_id, field FROM term")}


# reads ------------------------------------------------------------------------------------


def _matching(
    exact: Sequence[str], prefixes: Sequence[tuple[str, str | None]], fields: Sequence[str]
) -> list[tuple[str, list[Any]]]:
    """One condition per looked-up term (exactly, or a key range for a prefix), each with
    the fields wanted: every branch an index range on the primary key."""
    field_marks = _marks(fields)
    branches: list[tuple[str, list[Any]]] = []
    for term in exact:
        branches.append(
            (f"t.term = ? AND t.field IN ({field_marks})", [term, *fields]),
        )
    for low, high in prefixes:
        if high is None:
            branches.append((f"t.term >= ? AND t.field IN ({field_marks})", [low, *fields]))
        else:
            branches.append(
                (f"t.term >= ? AND t.term < ? AND t.field IN ({field_marks})", [low, high, *fields])
            )
    return branches


def holders(
    conn: sqlite3.Connection,
    exact: Sequence[str],
    prefixes: Sequence[tuple[str, str | None]],
    fields: Sequence[str],
) -> dict[int, set[str]]:
    """Active contacts (me aside) holding one of the terms in one of the fields: in which."""
    found: dict[int, set[str]] = {}
    for condition, params in _matching(exact, prefixes, fields):
        for contact_id, field in conn.execute(
            "SELECT t.contact_id, t.field FROM term t JOIN contact c ON c.id = t.contact_id "
            f"WHERE {condition} AND NOT c.archived AND NOT c.is_me",
            params,
        ):
            found.setdefault(contact_id, set()).add(field)
    return found


_NOTHING = "''"  # an SQL string literal


def holder_lists(
    conn: sqlite3.Connection,
    exact: Sequence[str],
    prefixes: Sequence[tuple[str, str | None]],
    fields: Sequence[str],
) -> list[tuple[str, str, list[int]]]:
    """(term, field, the ids of every contact holding it there) for the
    terms looked up, in these fields (archived contacts and me included: the caller knows
    who is active). The terms in each range are found first, a key seek each; then each
    term's ids in each field are one seek and one JSON array made by the database, not Python:
    a range read whole would also read the fields not wanted (asks, gives, names)."""
    vocabulary = {
        term: None
        for term in exact
        if conn.execute("SELECT 1 FROM term t WHERE t.term = ? LIMIT 1", (term,)).fetchone()
    }
    for low, high in prefixes:
        bound, params = ("", [low]) if high is None else (" AND x.term < ?", [low, high])
        vocabulary.update(
            (row[0], None)
            for row in conn.execute(
                "WITH RECURSIVE d(v) AS ("
                f"SELECT min(x.term) FROM term x WHERE x.term >= ?{bound} UNION ALL "
                f"SELECT (SELECT min(x.term) FROM term x WHERE x.term > d.v{bound}) FROM d "
                "WHERE d.v IS NOT NULL) SELECT d.v FROM d WHERE d.v IS NOT NULL",
                [*params, *params[1:]],
            )
        )
    found: list[tuple[str, str, list[int]]] = []
    for term in vocabulary:
        for field in fields:
            row = conn.execute(
                f"SELECT count(*), {json_array('t.contact_id')} FROM term t "
                "WHERE t.term = ? AND t.field = ?",
                (term, field),
            ).fetchone()
            if row[0]:
                found.append((term, field, json_list(row[1])))
    return found


def active_in_name_order(conn: sqlite3.Connection) -> tuple[list[int], str]:
    """The ids of the active contacts (me aside) in name order (folded name, then id), and
    their trusts (0–5), one digit each in the same order: read through the list index."""
    row = conn.execute(
        f"SELECT {json_array('k.id')}, {string_agg('k.trust', _NOTHING)} FROM "
        "(SELECT c.id, c.trust FROM contact c WHERE c.archived = FALSE AND c.is_me = FALSE "
        "ORDER BY c.search_key COLLATE BINARY, c.id) AS k"
    ).fetchone()
    return json_list(row[0]), str(row[1] or "")
