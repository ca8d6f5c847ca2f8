"""One record by its typed id (spec §3: intro, ask, give, interaction, reminder): read it, correct
its columns, delete it, list who it involves; and the timeline `net history` reads (§6).

The rules (what may change, what follows) are services.records; here only rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any, Final

from netcli.store import queries
from netcli.store.keys import DERIVED, with_keys

TABLES: Final = {
    "intro": "intro",
    "ask": "ask",
    "give": "give",
    "interaction": "interaction",
    "reminder": "reminder",
}
# The columns a correction may write, per table: never an id, a creation stamp or a
# derived column. Values are passed as parameters; names come only from this list.
EDITABLE: Final[dict[str, frozenset[str]]] = {
    "intro": frozenset({"by_id", "a_id", "b_id", "date", "note", "value_cents"}),
    "ask": frozenset({"text", "tags"}),
    "give": frozenset(
        {"giver_id", "receiver_id", "text", "kind", "value_cents", "date", "hot", "prospect_id"}
    ),
    "interaction": frozenset({"kind", "date", "note"}),
    "reminder": frozenset({"date", "note"}),
}
# Who a record involves, as SQL over its own row (the interaction's people are a table).
_PEOPLE: Final = {
    "intro": "SELECT by_id, a_id, b_id FROM intro WHERE id = ?",
    "ask": "SELECT contact_id FROM ask WHERE id = ?",
    "give": "SELECT giver_id, receiver_id FROM give WHERE id = ?",
    "interaction": "SELECT contact_id FROM interaction_contact WHERE interaction_id = ?",
    "reminder": "SELECT contact_id FROM reminder WHERE id = ?",
}


def row(conn: sqlite3.Connection, kind: str, number: int) -> dict[str, Any] | None:
    """The record's row, every column, or None."""
    cursor = conn.execute(f"SELECT * FROM {TABLES[kind]} WHERE id = ?", (number,))
    found = cursor.fetchone()
    if found is None:
        return None
    return dict(zip([d[0] for d in cursor.description], found, strict=True))


def people(conn: sqlite3.Connection, kind: str, number: int) -> list[int]:
    """The contacts the record involves (for an interaction: its people, me excluded)."""
    found: list[int] = []
    for r in conn.execute(_PEOPLE[kind], (number,)):
        found += [int(v) for v in r if v is not None]
    return found


def update(conn: sqlite3.Connection, kind: str, number: int, values: Mapping[str, Any]) -> None:
    """Write these columns of one record."""
    if not values:
        return
    unknown = set(values) - EDITABLE[kind]
    if unknown:
        raise ValueError(f"not an editable column of {kind}: {', '.join(sorted(unknown))}")
    # the folded search keys (schema 6) of a text that changes change with it
    written = with_keys(kind, values) if kind in DERIVED else dict(values)
    names = sorted(written)
    conn.execute(
        f"UPDATE {TABLES[kind]} SET {', '.join(f'{n} = ?' for n in names)} WHERE id = ?",
        [*(written[n] for n in names), number],
    )


def delete(conn: sqlite3.Connection, kind: str, number: int) -> None:
    """Delete one record (an interaction's people go with it: ON DELETE CASCADE)."""
    if kind == "interaction":  # explicit too, should a connection run without foreign keys
        conn.execute("DELETE FROM interaction_contact WHERE interaction_id = ?", (number,))
    if kind == "ask":
        conn.execute("UPDATE give SET ask_id = NULL WHERE ask_id = ?", (number,))
    conn.execute(f"DELETE FROM {TABLES[kind]} WHERE id = ?", (number,))


def add_people(conn: sqlite3.Connection, interaction_id: int, ids: Sequence[int]) -> None:
    conn.executemany(
        "INSERT INTO interaction_contact (interaction_id, contact_id) VALUES (?, ?) "
        "ON CONFLICT DO NOTHING",
        [(interaction_id, i) for i in ids],
    )


def remove_people(conn: sqlite3.Connection, interaction_id: int, ids: Sequence[int]) -> None:
    conn.executemany(
        "DELETE FROM interaction_contact WHERE interaction_id = ? AND contact_id = ?",
        [(interaction_id, i) for i in ids],
    )


def reopen_ask_closed_by(conn: sqlite3.Connection, ask_id: int, note: str) -> bool:
    """Open again an ask that was resolved with exactly this note; whether it was."""
    cursor = conn.execute(
        "UPDATE ask SET status = 'open', resolved_on = NULL, resolution_note = NULL "
        "WHERE id = ? AND status = 'resolved' AND resolution_note = ?",
        (ask_id, note),
    )
    return cursor.rowcount > 0


def reminder_objects(
    conn: sqlite3.Connection, contact_id: int | None = None, number: int | None = None
) -> list[dict[str, Any]]:
    """Reminders as §10 objects: one (`number`), or a contact's open ones by date."""
    sql = (
        "SELECT r.id, r.contact_id, c.name, r.date, r.note, r.done_on FROM reminder r "
        "JOIN contact c ON c.id = r.contact_id"
    )
    if number is not None:
        found = conn.execute(f"{sql} WHERE r.id = ?", (number,)).fetchall()
    else:
        found = conn.execute(
            f"{sql} WHERE r.contact_id = ? AND r.done_on IS NULL ORDER BY r.date, r.id",
            (contact_id,),
        ).fetchall()
    return [
        {
            "id": r[0],
            "ref": f"r{r[0]}",
            "contact_id": r[1],
            "contact": r[2],
            "date": r[3],
            "note": r[4],
            "done": r[5] is not None,
            "done_on": r[5],
        }
        for r in found
    ]


# net history ---------------------------------------------------------------------------
# Each type is read newest first through its own date index and cut at the limit before the
# types are merged, so `--limit 50` reads about 50 rows of each, whatever the store's size.

_HISTORY: Final = {
    "interaction": (
        "SELECT i.id, i.date, i.kind, i.note FROM interaction i",
        "i.id IN (SELECT interaction_id FROM interaction_contact WHERE contact_id = :c)",
        "i.date",
        "i.kind",
    ),
    "intro": (
        "SELECT i.id, i.date, i.status, i.note, i.by_id, i.a_id, i.b_id FROM intro i",
        "i.id IN (SELECT id FROM intro WHERE by_id = :c UNION ALL SELECT id FROM intro "
        "WHERE a_id = :c UNION ALL SELECT id FROM intro WHERE b_id = :c)",
        "i.date",
        "i.status",
    ),
    "ask": (
        "SELECT i.id, i.created_on, i.status, i.text, i.contact_id FROM ask i",
        "i.contact_id = :c",
        "i.created_on",
        "i.status",
    ),
    "give": (
        "SELECT i.id, i.date, i.kind, i.text, i.giver_id, i.receiver_id, i.value_cents FROM give i",
        "i.id IN (SELECT id FROM give WHERE giver_id = :c UNION ALL SELECT id FROM give "
        "WHERE receiver_id = :c)",
        "i.date",
        "i.kind",
    ),
    "reminder": (
        "SELECT i.id, i.date, CASE WHEN i.done_on IS NULL THEN 'open' ELSE 'done' END, "
        "i.note, i.contact_id FROM reminder i",
        "i.contact_id = :c",
        "i.date",
        "CASE WHEN i.done_on IS NULL THEN 'open' ELSE 'done' END",
    ),
}


def history_rows(
    conn: sqlite3.Connection,
    kind_of_record: str,
    *,
    contact_id: int | None,
    kind: str | None,
    since: str | None,
    until: str | None,
    limit: int | None,
) -> list[tuple[Any, ...]]:
    """One type's records, newest first: (id, date, kind, text, people…) as _HISTORY reads."""
    select, of_contact, day, kind_column = _HISTORY[kind_of_record]
    where: list[str] = []
    params: dict[str, Any] = {}
    if contact_id is not None:
        where.append(of_contact)
        params["c"] = contact_id
    if kind is not None:
        where.append(f"{kind_column} = :k")
        params["k"] = kind
    if since is not None:
        where.append(f"{day} >= :s")
        params["s"] = since
    if until is not None:
        where.append(f"{day} <= :u")
        params["u"] = until
    sql = select + (f" WHERE {' AND '.join(where)}" if where else "")
    sql += f" ORDER BY {day} DESC, i.id DESC"
    if limit is not None:
        sql += " LIMIT :n"
        params["n"] = limit
    return conn.execute(sql, params).fetchall()


def interaction_people(
    conn: sqlite3.Connection, ids: Sequence[int]
) -> dict[int, list[tuple[int, str]]]:
    """Each interaction's people (id, name), by folded name."""
    found: dict[int, list[tuple[int, str]]] = {}
    for start in range(0, len(ids), 900):
        chunk = list(ids[start : start + 900])
        marks = ", ".join("?" * len(chunk))
        for interaction_id, contact_id, name in conn.execute(
            "SELECT ic.interaction_id, c.id, c.name FROM interaction_contact ic "
            f"JOIN contact c ON c.id = ic.contact_id WHERE ic.interaction_id IN ({marks}) "
            "ORDER BY ic.interaction_id, c.search_key",
            chunk,
        ):
            found.setdefault(interaction_id, []).append((contact_id, name))
    return found


def names(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, str]:
    """Contact names by id."""
    found: dict[int, str] = {}
    unique = sorted(set(ids))
    for start in range(0, len(unique), 900):
        chunk = unique[start : start + 900]
        marks = ", ".join("?" * len(chunk))
        found.update(conn.execute(f"SELECT id, name FROM contact WHERE id IN ({marks})", chunk))
    return found


# one record as its §10 object (the listings' shape) -------------------------------------


def _first(found: list[dict[str, Any]]) -> dict[str, Any] | None:
    return found[0] if found else None


def intro(conn: sqlite3.Connection, intro_id: int) -> dict[str, Any] | None:
    return _first(queries.intro_objects(conn, "i.id = ?", (intro_id,)))


def ask(conn: sqlite3.Connection, ask_id: int) -> dict[str, Any] | None:
    return _first(queries.ask_objects(conn, "a.id = ?", (ask_id,)))


def give(conn: sqlite3.Connection, give_id: int) -> dict[str, Any] | None:
    return _first(queries.give_objects(conn, "g.id = ?", (give_id,)))


def interaction(conn: sqlite3.Connection, interaction_id: int) -> dict[str, Any] | None:
    return _first(queries.interaction_objects(conn, "i.id = ?", (interaction_id,)))


def gives_by_ids(conn: sqlite3.Connection, ids: list[int]) -> list[dict[str, Any]]:
    """These gives as objects, in chunks the driver takes."""
    found: list[dict[str, Any]] = []
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        marks = ", ".join("?" for _ in chunk)
        found += queries.give_objects(conn, f"g.id IN ({marks})", chunk)
    return found


def open_asks_of(conn: sqlite3.Connection, contact_id: int) -> list[dict[str, Any]]:
    """One contact's open asks, oldest first."""
    return queries.ask_objects(conn, "a.contact_id = ? AND a.status = 'open'", (contact_id,))


def open_asks(conn: sqlite3.Connection, *, active_only: bool = False) -> list[dict[str, Any]]:
    """Open asks, oldest first; with `active_only`, of contacts not archived."""
    if not active_only:
        return queries.list_asks(conn)
    # the asker's row is joined already: no list of every active contact to build
    return queries.ask_objects(conn, "a.status = 'open' AND c.archived = FALSE")
