"""Read queries in plain parameterised SQL over stdlib sqlite3 — the hot read path.

`net list`, `net show`, `net find`, `net due` and completion read through here and never
import SQLAlchemy (its import alone costs ~0.3 s). Write commands may call these functions on
their session's own connection (db.raw) to read inside their transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from netcli.text import fold, like_escape

DEFAULT_SETTINGS = {
    "currency": "EUR",
    "dates.order": "dmy",
    "due.intro_days": "7",
    "due.ask_days": "14",
}

CONTACT_COLUMNS = (
    "id, name, search_key, company, title, category, city, birthday, notes, url, trust, every, "
    "via_id, met_on, is_me, archived, snoozed_until, last_contact, next_due, created_at, "
    "updated_at"
)


def register_functions(conn: sqlite3.Connection) -> None:
    """SQL functions the queries use: fold(text) for accent-insensitive search."""
    conn.create_function("fold", 1, fold, deterministic=True)


def rows(
    conn: sqlite3.Connection, sql: str, params: Sequence[Any] | dict[str, Any] = ()
) -> list[sqlite3.Row]:
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    return cur.execute(sql, params).fetchall()


def one(
    conn: sqlite3.Connection, sql: str, params: Sequence[Any] | dict[str, Any] = ()
) -> sqlite3.Row | None:
    found = rows(conn, sql, params)
    return found[0] if found else None


def placeholders(values: Sequence[Any]) -> str:
    return ",".join("?" * len(values))


# settings ----------------------------------------------------------------------


def settings(conn: sqlite3.Connection) -> dict[str, str]:
    """Configuration with defaults filled in."""
    found = dict(DEFAULT_SETTINGS)
    found.update({r["key"]: r["value"] for r in rows(conn, "SELECT key, value FROM setting")})
    return found


def setting(conn: sqlite3.Connection, key: str) -> str:
    row = one(conn, "SELECT value FROM setting WHERE key = ?", (key,))
    return row["value"] if row else DEFAULT_SETTINGS[key]


# contacts: lookup ----------------------------------------------------------------


def me_id(conn: sqlite3.Connection) -> int:
    row = one(conn, "SELECT id FROM contact WHERE is_me = 1 ORDER BY id LIMIT 1")
    assert row is not None, "every store has its me contact"
    return int(row["id"])


def contact_row(conn: sqlite3.Connection, contact_id: int) -> sqlite3.Row | None:
    return one(conn, f"SELECT {CONTACT_COLUMNS} FROM contact WHERE id = ?", (contact_id,))


def contacts_named(
    conn: sqlite3.Connection, key: str, *, archived_too: bool = True
) -> list[sqlite3.Row]:
    """Contacts whose folded name is exactly `key` (not me)."""
    extra = "" if archived_too else " AND archived = 0"
    return rows(
        conn,
        f"SELECT {CONTACT_COLUMNS} FROM contact WHERE search_key = ? AND is_me = 0{extra} "
        "ORDER BY id",
        (key,),
    )


def contacts_with_prefix(conn: sqlite3.Connection, key: str) -> list[sqlite3.Row]:
    """Active contacts whose folded name, or any word of it, starts with `key`."""
    pattern = like_escape(key) + "%"
    return rows(
        conn,
        f"SELECT {CONTACT_COLUMNS} FROM contact WHERE is_me = 0 AND archived = 0 AND "
        "(search_key LIKE ? ESCAPE '\\' OR ' ' || search_key LIKE ? ESCAPE '\\') ORDER BY id",
        (pattern, "% " + pattern),
    )


def active_names(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """id, name, search_key of every active contact but me (for suggestions, completion)."""
    return rows(
        conn,
        "SELECT id, name, search_key, company FROM contact WHERE is_me = 0 AND archived = 0 "
        "ORDER BY search_key",
    )


def contacts_with_emails(conn: sqlite3.Connection, keys: Iterable[str]) -> list[sqlite3.Row]:
    """Contacts having any of these casefolded emails."""
    keys = list(keys)
    if not keys:
        return []
    return rows(
        conn,
        f"SELECT DISTINCT c.id, c.name, e.email FROM email e JOIN contact c ON c.id = e.contact_id "
        f"WHERE e.email_key IN ({placeholders(keys)}) ORDER BY c.id",
        keys,
    )


# contacts: the JSON object of spec §10 ------------------------------------------


def _lists(
    conn: sqlite3.Connection, table: str, column: str, ids: list[int]
) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    order = "position, id" if table != "tag" else "tag"
    for chunk in _chunks(ids):
        for r in rows(
            conn,
            f"SELECT contact_id, {column} FROM {table} "
            f"WHERE contact_id IN ({placeholders(chunk)}) ORDER BY contact_id, {order}",
            chunk,
        ):
            found[r[0]].append(r[1])
    return found


def _chunks(ids: list[int], size: int = 900) -> Iterable[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def contact_objects(
    conn: sqlite3.Connection, contact_rows: Sequence[sqlite3.Row]
) -> list[dict[str, Any]]:
    """Contact rows as spec §10 contact objects, with their email/phone/tag lists."""
    ids = [r["id"] for r in contact_rows]
    emails = _lists(conn, "email", "email", ids)
    phones = _lists(conn, "phone", "phone", ids)
    tags = _lists(conn, "tag", "tag", ids)
    return [
        {
            "id": r["id"],
            "name": r["name"],
            "company": r["company"],
            "title": r["title"],
            "category": r["category"],
            "emails": emails.get(r["id"], []),
            "phones": phones.get(r["id"], []),
            "city": r["city"],
            "tags": tags.get(r["id"], []),
            "birthday": r["birthday"],
            "notes": r["notes"],
            "url": r["url"],
            "trust": r["trust"],
            "every": r["every"],
            "via_id": r["via_id"],
            "met_on": r["met_on"],
            "last_contact": r["last_contact"],
            "next_due": r["next_due"],
            "snoozed_until": r["snoozed_until"],
            "archived": bool(r["archived"]),
            "is_me": bool(r["is_me"]),
            "created_at": r["created_at"],
            "updated_at": r["updated_at"],
        }
        for r in contact_rows
    ]


def contact_object(conn: sqlite3.Connection, contact_id: int) -> dict[str, Any] | None:
    row = contact_row(conn, contact_id)
    return contact_objects(conn, [row])[0] if row else None


SORTS = {
    "name": "c.search_key, c.id",
    "last": "c.last_contact IS NULL, c.last_contact DESC, c.search_key",
    "due": "c.next_due IS NULL, c.next_due, c.search_key",
    "added": "c.created_at, c.id",
}


def list_contacts(
    conn: sqlite3.Connection,
    *,
    tags: Sequence[str] = (),
    category: str | None = None,
    company: str | None = None,
    archived: bool = False,
    sort: str = "name",
    limit: int | None = None,
) -> list[sqlite3.Row]:
    """Contacts (never me) filtered as `net list` says: every tag must match."""
    where = ["c.is_me = 0", "c.archived = ?"]
    params: list[Any] = [1 if archived else 0]
    for tag in tags:
        where.append("EXISTS (SELECT 1 FROM tag t WHERE t.contact_id = c.id AND t.tag = ?)")
        params.append(tag)
    if category:
        where.append("fold(c.category) = ?")
        params.append(fold(category))
    if company:
        where.append("fold(c.company) LIKE ? ESCAPE '\\'")
        params.append("%" + like_escape(fold(company)) + "%")
    sql = (
        f"SELECT {', '.join('c.' + col.strip() for col in CONTACT_COLUMNS.split(','))} "
        f"FROM contact c WHERE {' AND '.join(where)} ORDER BY {SORTS[sort]}"
    )
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return rows(conn, sql, params)


def find_contacts(conn: sqlite3.Connection, text: str) -> list[tuple[sqlite3.Row, str]]:
    """Contacts matching TEXT anywhere `net find` looks, each with where it matched first."""
    pattern = "%" + like_escape(fold(text)) + "%"
    fields = [
        ("name", "SELECT id FROM contact WHERE search_key LIKE :p ESCAPE '\\'"),
        ("company", "SELECT id FROM contact WHERE fold(company) LIKE :p ESCAPE '\\'"),
        ("title", "SELECT id FROM contact WHERE fold(title) LIKE :p ESCAPE '\\'"),
        ("category", "SELECT id FROM contact WHERE fold(category) LIKE :p ESCAPE '\\'"),
        ("city", "SELECT id FROM contact WHERE fold(city) LIKE :p ESCAPE '\\'"),
        ("tag", "SELECT contact_id FROM tag WHERE fold(tag) LIKE :p ESCAPE '\\'"),
        ("email", "SELECT contact_id FROM email WHERE email_key LIKE :p ESCAPE '\\'"),
        ("notes", "SELECT id FROM contact WHERE fold(notes) LIKE :p ESCAPE '\\'"),
        ("ask", "SELECT contact_id FROM ask WHERE fold(text) LIKE :p ESCAPE '\\'"),
        (
            "give",
            "SELECT giver_id FROM give WHERE fold(text) LIKE :p ESCAPE '\\' "
            "UNION SELECT receiver_id FROM give WHERE fold(text) LIKE :p ESCAPE '\\'",
        ),
        (
            "interaction",
            "SELECT ic.contact_id FROM interaction i JOIN interaction_contact ic "
            "ON ic.interaction_id = i.id WHERE fold(i.note) LIKE :p ESCAPE '\\'",
        ),
    ]
    matched: dict[int, str] = {}
    for label, sql in fields:
        for r in rows(conn, sql, {"p": pattern}):
            matched.setdefault(r[0], label)
    if not matched:
        return []
    ids = list(matched)
    found: list[sqlite3.Row] = []
    for chunk in _chunks(ids):
        found += rows(
            conn,
            f"SELECT {CONTACT_COLUMNS} FROM contact WHERE id IN ({placeholders(chunk)}) "
            "AND is_me = 0",
            chunk,
        )
    found.sort(key=lambda r: (r["archived"], r["search_key"], r["id"]))
    return [(r, matched[r["id"]]) for r in found]


# links -----------------------------------------------------------------------------


def link_between(conn: sqlite3.Connection, a_id: int, b_id: int) -> sqlite3.Row | None:
    low, high = sorted((a_id, b_id))
    return one(conn, "SELECT * FROM link WHERE a_id = ? AND b_id = ?", (low, high))


def links_of(conn: sqlite3.Connection, contact_id: int) -> list[dict[str, Any]]:
    """Links of a contact, each naming the other person."""
    return [
        dict(r)
        for r in rows(
            conn,
            "SELECT l.id, o.id AS contact_id, o.name AS contact, l.strength, l.note "
            "FROM link l JOIN contact o ON o.id = CASE WHEN l.a_id = :c THEN l.b_id "
            "ELSE l.a_id END WHERE l.a_id = :c OR l.b_id = :c "
            "ORDER BY l.strength DESC, o.search_key",
            {"c": contact_id},
        )
    ]


# intros, asks, gives, interactions: the JSON objects of spec §10 -----------------------


def money(cents: int | None) -> Decimal | None:
    """Integer cents as an exact Decimal."""
    return None if cents is None else Decimal(cents) / 100


INTRO_SQL = """
SELECT i.id, i.by_id, cb.name AS by_name, i.a_id, ca.name AS a_name, i.b_id, cb2.name AS b_name,
       i.date, i.note, i.status, i.value_cents, i.outcome_on, i.outcome_note
FROM intro i JOIN contact cb ON cb.id = i.by_id JOIN contact ca ON ca.id = i.a_id
JOIN contact cb2 ON cb2.id = i.b_id
"""


def intro_objects(
    conn: sqlite3.Connection,
    where: str = "1",
    params: Sequence[Any] | dict[str, Any] = (),
    order: str = "i.date DESC, i.id DESC",
) -> list[dict[str, Any]]:
    return [
        {
            "id": r["id"],
            "by_id": r["by_id"],
            "by": r["by_name"],
            "a_id": r["a_id"],
            "a": r["a_name"],
            "b_id": r["b_id"],
            "b": r["b_name"],
            "date": r["date"],
            "note": r["note"],
            "status": r["status"],
            "value": money(r["value_cents"]),
            "outcome_on": r["outcome_on"],
            "outcome_note": r["outcome_note"],
        }
        for r in rows(conn, f"{INTRO_SQL} WHERE {where} ORDER BY {order}", params)
    ]


def ask_objects(
    conn: sqlite3.Connection,
    where: str = "1",
    params: Sequence[Any] | dict[str, Any] = (),
    order: str = "a.created_on, a.id",
) -> list[dict[str, Any]]:
    sql = (
        "SELECT a.*, c.name AS contact FROM ask a JOIN contact c ON c.id = a.contact_id "
        f"WHERE {where} ORDER BY {order}"
    )
    return [
        {
            "id": r["id"],
            "contact_id": r["contact_id"],
            "contact": r["contact"],
            "text": r["text"],
            "tags": json.loads(r["tags"] or "[]"),
            "status": r["status"],
            "created_on": r["created_on"],
            "resolved_on": r["resolved_on"],
            "resolution_note": r["resolution_note"],
        }
        for r in rows(conn, sql, params)
    ]


def give_objects(
    conn: sqlite3.Connection,
    where: str = "1",
    params: Sequence[Any] | dict[str, Any] = (),
    order: str = "g.date DESC, g.id DESC",
) -> list[dict[str, Any]]:
    sql = (
        "SELECT g.*, gc.name AS giver, rc.name AS receiver FROM give g "
        "JOIN contact gc ON gc.id = g.giver_id JOIN contact rc ON rc.id = g.receiver_id "
        f"WHERE {where} ORDER BY {order}"
    )
    return [
        {
            "id": r["id"],
            "giver_id": r["giver_id"],
            "giver": r["giver"],
            "receiver_id": r["receiver_id"],
            "receiver": r["receiver"],
            "text": r["text"],
            "kind": r["kind"],
            "value": money(r["value_cents"]),
            "date": r["date"],
            "ask_id": r["ask_id"],
        }
        for r in rows(conn, sql, params)
    ]


def interaction_objects(
    conn: sqlite3.Connection,
    where: str = "1",
    params: Sequence[Any] | dict[str, Any] = (),
    order: str = "i.date DESC, i.id DESC",
    limit: int | None = None,
) -> list[dict[str, Any]]:
    sql = f"SELECT i.* FROM interaction i WHERE {where} ORDER BY {order}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    found = rows(conn, sql, params)
    ids = [r["id"] for r in found]
    people: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for chunk in _chunks(ids):
        for r in rows(
            conn,
            "SELECT ic.interaction_id, c.id, c.name FROM interaction_contact ic "
            f"JOIN contact c ON c.id = ic.contact_id WHERE ic.interaction_id IN "
            f"({placeholders(chunk)}) ORDER BY ic.interaction_id, c.search_key",
            chunk,
        ):
            people[r[0]].append((r[1], r[2]))
    return [
        {
            "id": r["id"],
            "contact_ids": [p[0] for p in people[r["id"]]],
            "contacts": [p[1] for p in people[r["id"]]],
            "kind": r["kind"],
            "date": r["date"],
            "note": r["note"],
        }
        for r in found
    ]


def profile(conn: sqlite3.Connection, contact_id: int, interactions: int = 10) -> dict[str, Any]:
    """`net show`: the contact object plus intros, asks, gives, interactions and links."""
    found = contact_object(conn, contact_id)
    assert found is not None
    c = {"c": contact_id}
    found["intros"] = intro_objects(conn, ":c IN (i.by_id, i.a_id, i.b_id)", c)
    found["asks"] = ask_objects(conn, "a.contact_id = :c", c)
    found["gives"] = give_objects(conn, ":c IN (g.giver_id, g.receiver_id)", c)
    found["interactions"] = interaction_objects(
        conn,
        "i.id IN (SELECT interaction_id FROM interaction_contact WHERE contact_id = :c)",
        c,
        limit=interactions,
    )
    found["interaction_count"] = one(
        conn, "SELECT count(*) FROM interaction_contact WHERE contact_id = ?", (contact_id,)
    )[0]  # type: ignore[index]
    found["links"] = links_of(conn, contact_id)
    found["via"] = contact_row(conn, found["via_id"])["name"] if found["via_id"] else None  # type: ignore[index]
    return found
