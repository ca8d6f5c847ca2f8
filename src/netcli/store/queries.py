"""Read queries in plain parameterised SQL over stdlib sqlite3 — the hot read path.

`net list`, `net show`, `net find`, `net due` and completion read through here and never
import SQLAlchemy (its import alone costs ~0.3 s). Write commands call these functions on the
write transaction's connection to read inside it.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from netcli.store.dialect import string_agg
from netcli.text import WORD_JOINERS, fold, like_escape

if TYPE_CHECKING:
    from decimal import Decimal

T = TypeVar("T")

DEFAULT_SETTINGS = {
    "currency": "EUR",
    "dates.order": "dmy",
    "due.intro_days": "7",
    "due.ask_days": "14",
    "due.referral_days": "2",
    "due.proposed_days": "3",
}

# The contact object's keys that are not fields of netcli.fields, where they go in it.
_OBJECT_HEAD = ("id", "name")
_OBJECT_LISTS = {"category": ("emails", "phones"), "city": ("tags",)}  # after these fields
_OBJECT_TAIL = (
    "last_contact", "next_due", "snoozed_until", "archived", "is_me", "created_at", "updated_at",
)  # fmt: skip


def contact_columns(prefix: str = "") -> str:
    """The columns a contact object is made of, for a SELECT list (`prefix`: `c.`). The
    fields are imported here, not at the top: `net list` and `net due` as tables need none."""
    from netcli.fields import names

    columns = (*_OBJECT_HEAD, "search_key", *names(), *_OBJECT_TAIL)
    return ", ".join(prefix + column for column in columns)


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
    """My contact's id. On a shared PostgreSQL store, a role that never wrote has no `me`
    yet (its first write creates it, store/pg.py): 0, an id no row has, so its reads see an
    empty network."""
    row = one(conn, "SELECT id FROM contact WHERE is_me = TRUE ORDER BY id LIMIT 1")
    return int(row["id"]) if row is not None else 0


def contact_row(conn: sqlite3.Connection, contact_id: int) -> sqlite3.Row | None:
    return one(conn, f"SELECT {contact_columns()} FROM contact WHERE id = ?", (contact_id,))


def contacts_named(
    conn: sqlite3.Connection, key: str, *, archived_too: bool = True
) -> list[sqlite3.Row]:
    """Contacts whose folded name is exactly `key` (not me)."""
    extra = "" if archived_too else " AND archived = FALSE"
    return rows(
        conn,
        f"SELECT {contact_columns()} FROM contact WHERE search_key = ? AND is_me = FALSE{extra} "
        "ORDER BY id",
        (key,),
    )


def contacts_with_prefix(
    conn: sqlite3.Connection, key: str, *, archived: bool = False
) -> list[sqlite3.Row]:
    """Active (or, with `archived`, archived) contacts whose folded name, or any word of it,
    starts with `key`; a word also starts after an apostrophe or a hyphen (`d'angelo`)."""
    pattern = like_escape(key) + "%"
    word_start = " OR ".join(["search_key LIKE ? ESCAPE '\\'"] * (2 + len(WORD_JOINERS)))
    return rows(
        conn,
        f"SELECT {contact_columns()} FROM contact WHERE is_me = FALSE AND archived = ? AND "
        f"({word_start}) ORDER BY id",
        (archived, pattern, "% " + pattern, *("%" + j + pattern for j in WORD_JOINERS)),
    )


def active_names(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """id, name, search_key of every active contact but me (for suggestions, completion)."""
    return rows(
        conn,
        "SELECT id, name, search_key, company FROM contact "
        "WHERE is_me = FALSE AND archived = FALSE ORDER BY search_key",
    )


def active_name_keys(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(search_key, name) of every active contact but me, in key order, as plain tuples: the
    "did you mean" candidates, read without building a Row per contact."""
    cur = conn.execute(
        "SELECT search_key, name FROM contact WHERE is_me = FALSE AND archived = FALSE "
        "ORDER BY search_key"
    )
    cur.row_factory = None
    return cur.fetchall()


def active_keys_joined(conn: sqlite3.Connection) -> str:
    """The search keys of every active contact but me, in key order, one per line, as one
    string: 10k keys in ~5 ms, where a Python row each costs ~10 ms ("did you mean" reads
    them all)."""
    row = conn.execute(
        f"SELECT {string_agg('k.search_key', '?')} FROM (SELECT search_key FROM contact "
        "WHERE is_me = FALSE AND archived = FALSE ORDER BY search_key) AS k",
        ("\n",),
    ).fetchone()
    return str(row[0] or "")


def active_name_with_key(conn: sqlite3.Connection, key: str) -> str | None:
    """The name of the (first) active contact with this search key."""
    row = conn.execute(
        "SELECT name FROM contact WHERE archived = FALSE AND is_me = FALSE AND search_key = ? "
        "ORDER BY id LIMIT 1",
        (key,),
    ).fetchone()
    return None if row is None else str(row[0])


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


def _lists(conn: sqlite3.Connection, ids: list[int]) -> dict[str, dict[int, list[str]]]:
    """Each contact's emails and phones (in their order) and tags (sorted byte-wise), read in
    one statement per chunk of ids: one round trip on a server, not three."""
    found: dict[str, dict[int, list[str]]] = {
        t: defaultdict(list) for t in ("email", "phone", "tag")
    }
    for chunk in _chunks(ids, 300):
        where = f"WHERE contact_id IN ({placeholders(chunk)})"
        found_rows = rows(
            conn,
            f"SELECT 'email' AS list, contact_id, email AS value, position, id FROM email {where} "
            f"UNION ALL SELECT 'phone', contact_id, phone, position, id FROM phone {where} "
            f"UNION ALL SELECT 'tag', contact_id, tag, 0, id FROM tag {where}",
            chunk * 3,
        )
        by_list = sorted(
            found_rows, key=lambda r: (r[0], r[1], r[3], r[2] if r[0] == "tag" else r[4])
        )
        for r in by_list:
            found[r[0]][r[1]].append(r[2])
    return found


def _chunks(ids: list[T], size: int = 900) -> Iterable[list[T]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def contact_objects(
    conn: sqlite3.Connection, contact_rows: Sequence[sqlite3.Row]
) -> list[dict[str, Any]]:
    """Contact rows as spec §10 contact objects, with their email/phone/tag lists: the
    fields of netcli.fields in their order, `gains` nested."""
    from netcli.fields import FIELDS

    ids = [r["id"] for r in contact_rows]
    read = _lists(conn, ids)
    plain = [(f.name, _OBJECT_LISTS.get(f.name, ())) for f in FIELDS if f.group is None]
    groups: dict[str, list[str]] = {}
    for f in FIELDS:
        if f.group is not None:
            groups.setdefault(f.group, []).append(f.name)
    lists = {"emails": read["email"], "phones": read["phone"], "tags": read["tag"]}
    found = []
    for r in contact_rows:
        obj: dict[str, Any] = {"id": r["id"], "name": r["name"]}
        for name, after in plain:
            obj[name] = r[name]
            for key in after:
                obj[key] = lists[key].get(r["id"], [])
        obj.update({key: r[key] for key in _OBJECT_TAIL})
        obj["archived"], obj["is_me"] = bool(r["archived"]), bool(r["is_me"])
        for group, members in groups.items():
            obj[group] = {k: r[k] for k in members}
        found.append(obj)
    return found


def contact_object(conn: sqlite3.Connection, contact_id: int) -> dict[str, Any] | None:
    row = contact_row(conn, contact_id)
    return contact_objects(conn, [row])[0] if row else None


SQLITE_MAX_INT = 2**63 - 1

BRIEF_COLUMNS = (  # all in ix_contact_list: the table itself is not read
    "c.id, c.name, c.company, c.category, c.tag_list AS tags, c.last_contact, c.next_due"
)

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
    brief: bool = False,
) -> list[sqlite3.Row]:
    """Contacts (never me) filtered as `net list` says: every tag must match.

    `brief` selects only what the table shows (tags joined in SQL), for speed on big stores.
    """
    where = ["c.is_me = FALSE", "c.archived = ?"]
    params: list[Any] = [archived]
    for tag in tags:
        where.append("EXISTS (SELECT 1 FROM tag t WHERE t.contact_id = c.id AND t.tag = ?)")
        params.append(tag)
    if category:
        where.append("c.category_key = ?")
        params.append(fold(category))
    if company:
        where.append("c.company_key LIKE ? ESCAPE '\\'")
        params.append("%" + like_escape(fold(company)) + "%")
    columns = BRIEF_COLUMNS if brief else contact_columns("c.")
    sql = f"SELECT {columns} FROM contact c WHERE {' AND '.join(where)} ORDER BY {SORTS[sort]}"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(min(limit, SQLITE_MAX_INT))  # --limit 99999999999999999999 is "all"
    return rows(conn, sql, params)


# Where `net find` looks, in the order that names where a contact matched first.
FIND_FIELDS = (
    "name", "company", "title", "category", "city", "tag", "email", "notes", "ask", "give",
    "interaction",
)  # fmt: skip
_CONTACT_FIELDS = ("company", "title", "category", "city", "notes")


def find_contacts(
    conn: sqlite3.Connection, text: str, *, brief: bool = False
) -> list[tuple[sqlite3.Row, str]]:
    """Contacts matching TEXT anywhere `net find` looks, each with where it matched first.

    Every field is compared through its stored folded key (store/keys.py): the contact's own
    fields in one scan with a `CASE` naming the first that matched; tags, gives and
    interaction notes through the index on their key, each distinct text compared once when
    texts repeat (`_matching_keys`), else in one scan of the index. `brief` reads only what
    `net find`'s table shows (id, name, company) instead of every column."""
    needle = fold(text)
    pattern = {"p": "%" + like_escape(needle) + "%"}
    # ESCAPE only when TEXT has a wildcard to escape: a third argument to every LIKE call
    # costs ~10% of the scans (PostgreSQL's LIKE escapes with a backslash by default).
    like = "LIKE :p" if like_escape(needle) == needle else "LIKE :p ESCAPE '\\'"
    first_field = " ".join(
        f"WHEN {'search' if f == 'name' else f}_key {like} THEN '{f}'"
        for f in ("name", *_CONTACT_FIELDS)
    )
    rank = {field: i for i, field in enumerate(FIND_FIELDS)}
    matched: dict[int, str] = {}

    def note(found: Iterable[Sequence[Any]], field: str) -> None:
        for row in found:
            for contact_id in row:
                if contact_id not in matched or rank[field] < rank[matched[contact_id]]:
                    matched[contact_id] = field

    def search(table: str, key: str, select: str, field: str, close: str = "") -> None:
        keys = _matching_keys(conn, table, key, like, pattern)
        if keys is None:  # texts mostly differ: one scan of the key's index (`>= ''`
            # passes over the rows without a text, and matches what LIKE would)
            where = f"{key} >= '' AND {key} {like}{close}"
            note(conn.execute(f"{select} {where}", pattern), field)
            return
        for chunk in _chunks(keys):
            where = f"{key} IN ({placeholders(chunk)}){close}"
            note(conn.execute(f"{select} {where}", chunk), field)

    for contact_id, field in conn.execute(
        f"SELECT id, field FROM (SELECT id, CASE {first_field} END AS field FROM contact) AS c "
        "WHERE field IS NOT NULL",
        pattern,
    ):
        matched[contact_id] = field  # the first reads: nothing matched before
    search("tag", "tag_key", "SELECT contact_id FROM tag WHERE", "tag")
    note(conn.execute(f"SELECT contact_id FROM email WHERE email_key {like}", pattern), "email")
    note(conn.execute(f"SELECT contact_id FROM ask WHERE text_key {like}", pattern), "ask")
    search("give", "text_key", "SELECT giver_id, receiver_id FROM give WHERE", "give")
    search(
        "interaction",
        "note_key",
        "SELECT contact_id FROM interaction_contact WHERE interaction_id IN "
        "(SELECT id FROM interaction WHERE",
        "interaction",
        close=")",
    )
    if not matched:
        return []
    ids = list(matched)
    columns = "id, name, company, archived, search_key" if brief else contact_columns()
    found: list[sqlite3.Row] = []
    for chunk in _chunks(ids):
        found += rows(
            conn,
            f"SELECT {columns} FROM contact WHERE id IN ({placeholders(chunk)}) AND is_me = FALSE",
            chunk,
        )
    found.sort(key=lambda r: (r["archived"], r["search_key"], r["id"]))
    return [(r, matched[r["id"]]) for r in found]


MIN_HOPS = 64  # hops allowed whatever the table's size (a seek costs a few microseconds)


def _matching_keys(
    conn: sqlite3.Connection, table: str, key: str, like: str, pattern: dict[str, str]
) -> list[str] | None:
    """The distinct values of an indexed key that match, read by hopping from one value to
    the next in its index (a "loose index scan": one seek per distinct text instead of one
    LIKE per row; a tag, a give or a note like "coffee" is written many times). None when the
    key has more than one distinct value per 64 rows: then a plain scan of the index costs
    less, and the hops stop there, so they add at most a fraction of that scan."""
    (top,) = conn.execute(f"SELECT max(id) FROM {table}").fetchone()
    cap = max(MIN_HOPS, (top or 0) // 64)
    found = conn.execute(
        f"WITH RECURSIVE d(k, n) AS (SELECT min({key}), 1 FROM {table} WHERE {key} >= '' "
        f"UNION ALL SELECT (SELECT min({key}) FROM {table} WHERE {key} > d.k), d.n + 1 "
        "FROM d WHERE d.k IS NOT NULL AND d.n < :cap) "
        f"SELECT k FROM d WHERE k IS NULL OR k {like}",
        {**pattern, "cap": cap},
    ).fetchall()
    if all(k is not None for (k,) in found):  # stopped at the cap, not at the last value
        return None
    return [k for (k,) in found if k is not None]


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
    """Integer cents as an exact Decimal (money.to_decimal)."""
    if cents is None:  # most values: no import machinery per call (a listing makes ~85,000)
        return None
    from netcli import money as amounts

    return amounts.to_decimal(cents)


# "A contact's intros/gives" as unions of indexed lookups: `:c IN (by_id, a_id, b_id)` would
# scan the whole table (net show grew 3.7x on a 10x store).
INTRO_OF = (
    "i.id IN (SELECT id FROM intro WHERE by_id = :c UNION ALL SELECT id FROM intro "
    "WHERE a_id = :c UNION ALL SELECT id FROM intro WHERE b_id = :c)"
)
GIVE_OF = (
    "g.id IN (SELECT id FROM give WHERE giver_id = :c UNION ALL "
    "SELECT id FROM give WHERE receiver_id = :c)"
)

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
    found = [
        {
            "id": r["id"],
            "ref": f"i{r['id']}",
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
    return _with_history(conn, "intro", found)


def _with_history(
    conn: sqlite3.Connection, owner: str, found: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each record's `history` (spec §10: {status, date, value, note}, oldest first)."""
    from netcli.store import referrals

    changes = referrals.histories(conn, owner, [o["id"] for o in found])
    for o in found:
        o["history"] = [
            {
                "status": h["status"],
                "date": h["date"],
                "value": money(h["value_cents"]),
                "note": h["note"],
            }
            for h in changes.get(o["id"], ())
        ]
    return found


def ask_objects(
    conn: sqlite3.Connection,
    where: str = "1",
    params: Sequence[Any] | dict[str, Any] = (),
    order: str = "a.created_on, a.id",
) -> list[dict[str, Any]]:
    import json

    sql = (
        "SELECT a.*, c.name AS contact FROM ask a JOIN contact c ON c.id = a.contact_id "
        f"WHERE {where} ORDER BY {order}"
    )
    return [
        {
            "id": r["id"],
            "ref": f"a{r['id']}",
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
    *,
    history: bool = True,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    sql = (
        "SELECT g.*, gc.name AS giver, rc.name AS receiver, pc.name AS prospect FROM give g "
        "JOIN contact gc ON gc.id = g.giver_id JOIN contact rc ON rc.id = g.receiver_id "
        "LEFT JOIN contact pc ON pc.id = g.prospect_id "
        f"WHERE {where} ORDER BY {order}" + (f" LIMIT {int(limit)}" if limit else "")
    )
    found = [
        {
            "id": r["id"],
            "ref": f"g{r['id']}",
            "giver_id": r["giver_id"],
            "giver": r["giver"],
            "receiver_id": r["receiver_id"],
            "receiver": r["receiver"],
            "text": r["text"],
            "kind": r["kind"],
            "value": money(r["value_cents"]),
            "date": r["date"],
            "ask_id": r["ask_id"],
            # spec §11: the lifecycle of a referral (null for other kinds)
            "status": r["status"],
            "status_on": r["status_on"],
            "hot": r["hot"],
            "prospect_id": r["prospect_id"],
            "prospect": r["prospect"],
            "closed_value": money(r["closed_value_cents"]),
        }
        for r in rows(conn, sql, params)
    ]
    return _with_history(conn, "give", found) if history else found


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
            "ref": f"x{r['id']}",
            "contact_ids": [p[0] for p in people[r["id"]]],
            "contacts": [p[1] for p in people[r["id"]]],
            "kind": r["kind"],
            "date": r["date"],
            "note": r["note"],
        }
        for r in found
    ]


def profile(conn: sqlite3.Connection, contact_id: int, interactions: int = 10) -> dict[str, Any]:
    """`net show`: the contact object plus intros, asks, gives, interactions, links and
    pending reminders."""
    from netcli.store.records import reminder_objects

    found = contact_object(conn, contact_id)
    assert found is not None
    c = {"c": contact_id}
    found["intros"] = intro_objects(conn, INTRO_OF, c)
    found["asks"] = ask_objects(conn, "a.contact_id = :c", c)
    found["gives"] = give_objects(conn, GIVE_OF, c)
    found["give_totals"] = give_totals(conn, contact_id)
    found["me_id"] = me_id(conn)  # lets the view say "you" and draw the balance with me
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
    found["reminders"] = reminder_objects(conn, contact_id)
    found["via"] = contact_row(conn, found["via_id"])["name"] if found["via_id"] else None  # type: ignore[index]
    return found


# follow-ups: the due queue of spec §7 (issue 4) ------------------------------------------
# Each reason is read through its own index, never by aggregating interactions: cadences and
# reminders through contact.next_due (ix_contact_next_due), intro check-ins through
# ix_intro_status_date, stale asks through the ask status index.


def due_contacts(
    conn: sqlite3.Connection, until: str, contact_id: int | None = None
) -> list[sqlite3.Row]:
    """Active contacts whose stored next_due (cadence or reminder) is on or before `until`."""
    sql = (
        "SELECT id, name, search_key, every, last_contact, created_at, snoozed_until, next_due "
        "FROM contact WHERE archived = FALSE AND next_due <= ?"
    )
    params: list[Any] = [until]
    if contact_id is not None:
        sql += " AND id = ?"
        params.append(contact_id)
    return rows(conn, sql, params)


def open_reminders(
    conn: sqlite3.Connection, contact_ids: Sequence[int], until: str
) -> list[sqlite3.Row]:
    """Open reminders of these contacts dated on or before `until`."""
    found: list[sqlite3.Row] = []
    for chunk in _chunks(list(contact_ids)):
        found += rows(
            conn,
            "SELECT id, contact_id, date, note FROM reminder WHERE done_on IS NULL "
            f"AND date <= ? AND contact_id IN ({placeholders(chunk)})",
            [until, *chunk],
        )
    return found


def made_intros(
    conn: sqlite3.Connection, me: int, dated_by: str, contact_id: int | None = None
) -> list[sqlite3.Row]:
    """Intros still `made` on or before `dated_by`, with the contact to check with
    (`a`, or `b` when `a` is me) as `target_*`; archived targets left out."""
    sql = """
      SELECT i.id, i.date, i.by_id, i.a_id, i.b_id, cb.name AS by_name, ca.name AS a_name,
             cb2.name AS b_name, t.id AS target_id, t.name AS target_name,
             t.search_key AS target_key, t.snoozed_until AS target_snoozed
      FROM intro i
      JOIN contact t ON t.id = CASE WHEN i.a_id = :me THEN i.b_id ELSE i.a_id END
      JOIN contact cb ON cb.id = i.by_id JOIN contact ca ON ca.id = i.a_id
      JOIN contact cb2 ON cb2.id = i.b_id
      WHERE i.status = 'made' AND i.date <= :d AND t.archived = FALSE AND t.is_me = FALSE
    """
    params: dict[str, Any] = {"me": me, "d": dated_by}
    if contact_id is not None:
        sql += " AND t.id = :c"
        params["c"] = contact_id
    return rows(conn, sql, params)


def stale_asks(
    conn: sqlite3.Connection, me: int, created_by: str, contact_id: int | None = None
) -> list[sqlite3.Row]:
    """Open asks of active contacts (not mine) created on or before `created_by`."""
    sql = """
      SELECT a.id, a.contact_id, a.text, a.created_on, c.name, c.search_key, c.snoozed_until
      FROM ask a JOIN contact c ON c.id = a.contact_id
      WHERE a.status = 'open' AND a.created_on <= :d AND a.contact_id != :me AND c.archived = FALSE
    """
    params: dict[str, Any] = {"me": me, "d": created_by}
    if contact_id is not None:
        sql += " AND a.contact_id = :c"
        params["c"] = contact_id
    return rows(conn, sql, params)


def birthdays_between(
    conn: sqlite3.Connection,
    month_days: Sequence[tuple[str, str]] | None,
    contact_id: int | None = None,
) -> list[sqlite3.Row]:
    """Active contacts (not me) whose birthday's MM-DD falls in one of the inclusive ranges
    (None: any birthday)."""
    sql = (
        "SELECT id, name, search_key, birthday, snoozed_until, last_contact, birthday_done_for "
        "FROM contact WHERE archived = FALSE AND is_me = FALSE AND birthday_md IS NOT NULL"
    )
    params: list[Any] = []
    if month_days is not None:
        sql += " AND (" + " OR ".join("birthday_md BETWEEN ? AND ?" for _ in month_days)
        sql += ")"
        for low, high in month_days:
            params += [low, high]
    if contact_id is not None:
        sql += " AND id = ?"
        params.append(contact_id)
    return rows(conn, sql, params)


def shared_names(conn: sqlite3.Connection, keys: Sequence[str]) -> set[str]:
    """Which of these folded names more than one contact has (archived ones too: when in
    doubt a caller names the contact by id, which always works)."""
    # Only the search_key index is read (covering); a GROUP BY made SQLite walk the whole
    # index, and filtering on archived read every row: 100-150 ms at 100,000 contacts.
    seen: set[str] = set()
    found: set[str] = set()
    unique = sorted(set(keys))
    for chunk in (unique[i : i + 900] for i in range(0, len(unique), 900)):
        for (key,) in conn.execute(
            f"SELECT search_key FROM contact WHERE search_key IN ({placeholders(chunk)})",
            chunk,
        ):
            if key in seen:
                found.add(key)
            seen.add(key)
    return found


def activity_since(conn: sqlite3.Connection, since: str, until: str) -> dict[str, Any]:
    """What happened between two days (inclusive): interactions, intros, gives, asks."""
    between = {"s": since, "u": until}
    return {
        "interactions": interaction_objects(
            conn, "i.date BETWEEN :s AND :u", between, order="i.date, i.id"
        ),
        "intros": intro_objects(conn, "i.date BETWEEN :s AND :u", between, order="i.date, i.id"),
        "outcomes": intro_objects(
            conn,
            "i.outcome_on BETWEEN :s AND :u AND i.status != 'made'",
            between,
            order="i.outcome_on, i.id",
        ),
        "gives": give_objects(conn, "g.date BETWEEN :s AND :u", between, order="g.date, g.id"),
        "asks": ask_objects(conn, "a.created_on BETWEEN :s AND :u", between),
    }


def store_is_empty(conn: sqlite3.Connection) -> bool:
    """Nothing but the me contact and settings: safe to fill with the demo network."""
    for table in ("intro", "ask", "give", "interaction", "link", "reminder"):
        if one(conn, f"SELECT 1 FROM {table} LIMIT 1") is not None:
            return False
    return one(conn, "SELECT 1 FROM contact WHERE is_me = FALSE LIMIT 1") is None


# relationships: listings and the reciprocity ledger (issue 3) ---------------------------


def list_intros(
    conn: sqlite3.Connection, contact_id: int | None = None, status: str | None = None
) -> list[dict[str, Any]]:
    """`net intros`: newest first, optionally those a contact took part in, or of one status."""
    where: list[str] = ["1"]
    params: dict[str, Any] = {}
    if contact_id is not None:
        where.append(INTRO_OF)
        params["c"] = contact_id
    if status is not None:
        where.append("i.status = :s")
        params["s"] = status
    return intro_objects(conn, " AND ".join(where), params)


def list_asks(
    conn: sqlite3.Connection, contact_id: int | None = None, *, open_only: bool = True
) -> list[dict[str, Any]]:
    """`net asks`: oldest first (the longest-waiting need leads), open ones unless told."""
    where, params = ["1"], {}
    if contact_id is not None:
        where.append("a.contact_id = :c")
        params["c"] = contact_id
    if open_only:
        where.append("a.status = 'open'")
    return ask_objects(conn, " AND ".join(where), params)


def list_gives(
    conn: sqlite3.Connection,
    contact_id: int | None = None,
    kind: str | None = None,
    status: str | None = None,
) -> list[dict[str, Any]]:
    """`net gives`: newest first, optionally those a contact gave or received, of one kind,
    or referrals in one status."""
    where: list[str] = ["1 = 1"]
    params: dict[str, Any] = {}
    if contact_id is not None:
        where.append(GIVE_OF)
        params["c"] = contact_id
    if kind is not None:
        where.append("g.kind = :k")
        params["k"] = kind
    if status is not None:
        where.append("g.status = :s")
        params["s"] = status
    return give_objects(conn, " AND ".join(where), params)


# What a give is worth as a result (spec §8): a referral only its closed value, once business;
# expected values are not results.
GIVE_RESULT_CENTS = (
    "CASE WHEN kind <> 'referral' THEN value_cents "
    "WHEN status = 'business' THEN closed_value_cents END"
)


def ledger_records(
    conn: sqlite3.Connection, me: int, contact_id: int | None = None, since: str | None = None
) -> tuple[list[tuple[int, int, int | None]], list[tuple[int, int, int, int | None]]]:
    """The gives (giver, receiver, cents) and intros (by, a, b, cents) that involve me,
    optionally only those that also involve one contact, or dated on or after `since`: the
    input of services.reciprocity."""
    give_where, intro_where = ":me IN (giver_id, receiver_id)", ":me IN (by_id, a_id, b_id)"
    params: dict[str, Any] = {"me": me}
    if contact_id is not None:
        give_where += " AND :c IN (giver_id, receiver_id)"
        intro_where += " AND :c IN (by_id, a_id, b_id)"
        params["c"] = contact_id
    if since is not None:
        give_where += " AND date >= :s"
        intro_where += " AND date >= :s"
        params["s"] = since
    gives = [
        (r[0], r[1], r[2])
        for r in conn.execute(
            f"SELECT giver_id, receiver_id, {GIVE_RESULT_CENTS} FROM give WHERE {give_where}",
            params,
        )
    ]
    intros = [
        (r[0], r[1], r[2], r[3])
        for r in conn.execute(
            "SELECT by_id, a_id, b_id, CASE WHEN status = 'business' THEN value_cents END "
            f"FROM intro WHERE {intro_where} AND status <> 'proposed'",
            params,
        )
    ]
    return gives, intros


def names_of(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """id -> (name, folded search key) for these contacts."""
    wanted = sorted(set(ids))
    found: dict[int, tuple[str, str]] = {}
    for chunk in _chunks(wanted):
        for r in conn.execute(
            f"SELECT id, name, search_key FROM contact WHERE id IN ({placeholders(chunk)})", chunk
        ):
            found[r[0]] = (r[1], r[2])
    return found


def give_totals(conn: sqlite3.Connection, contact_id: int) -> dict[str, Any]:
    """Gives from and to a contact: counts and exact values (for `net show`)."""
    r = one(
        conn,
        "SELECT count(CASE WHEN giver_id = :c THEN 1 END) AS from_count, "
        f"coalesce(sum(CASE WHEN giver_id = :c THEN {GIVE_RESULT_CENTS} END), 0) AS from_cents, "
        "count(CASE WHEN receiver_id = :c THEN 1 END) AS to_count, "
        f"coalesce(sum(CASE WHEN receiver_id = :c THEN {GIVE_RESULT_CENTS} END), 0) AS to_cents "
        "FROM give WHERE id IN (SELECT id FROM give WHERE giver_id = :c "
        "UNION ALL SELECT id FROM give WHERE receiver_id = :c)",
        {"c": contact_id},
    )
    assert r is not None
    return {
        "gave_count": r["from_count"],
        "gave_value": money(r["from_cents"]),
        "got_count": r["to_count"],
        "got_value": money(r["to_cents"]),
    }


# insights: trust graph, matching and the results report (issue 6) ------------------------
# Each builds its whole input in a few queries, never one per contact.


def graph_people(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every contact (me included): id, name, search_key, archived — the trust graph's nodes."""
    return rows(conn, "SELECT id, name, search_key, archived FROM contact")


TRUST_EDGES_SQL = """
SELECT (SELECT id FROM contact WHERE is_me = TRUE ORDER BY id LIMIT 1), id, trust
  FROM contact WHERE is_me = FALSE AND trust >= 1
UNION ALL SELECT a_id, b_id, strength FROM link
UNION ALL SELECT by_id, a_id, {s} FROM intro
UNION ALL SELECT by_id, b_id, {s} FROM intro
UNION ALL SELECT a_id, b_id, {s} FROM intro WHERE status != 'declined'
UNION ALL SELECT id, via_id, 3 FROM contact WHERE via_id IS NOT NULL
""".format(s="CASE status WHEN 'met' THEN 4 WHEN 'business' THEN 5 ELSE 3 END")


def trust_edges(conn: sqlite3.Connection) -> list[tuple[int, int, int]]:
    """Every edge of spec §9 as (a, b, strength), parallel edges included (services.graph)."""
    return [(r[0], r[1], r[2]) for r in conn.execute(TRUST_EDGES_SQL)]


def match_profiles(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Active contacts (not me) with the fields matching reads; `tags` joined by U+001F."""
    return rows(
        conn,
        "SELECT c.id, c.name, c.search_key, c.company, c.title, c.category, c.city, c.notes, "
        f"c.trust, (SELECT {string_agg('t.tag', '?')} FROM tag t WHERE t.contact_id = c.id) "
        "AS tags FROM contact c WHERE c.is_me = FALSE AND c.archived = FALSE",
        ("\x1f",),
    )


def ask_and_give_texts(conn: sqlite3.Connection) -> list[tuple[int, str, str]]:
    """(contact_id, 'ask' or 'give', text): what each contact asked for and gave."""
    return [
        (r[0], r[1], r[2])
        for r in conn.execute(
            "SELECT contact_id, 'ask', text FROM ask "
            "UNION ALL SELECT giver_id, 'give', text FROM give"
        )
    ]


def intro_pairs(conn: sqlite3.Connection) -> set[tuple[int, int]]:
    """(low id, high id) of every two people already introduced to each other."""
    return {
        (min(r[0], r[1]), max(r[0], r[1]))
        for r in conn.execute("SELECT DISTINCT a_id, b_id FROM intro")
    }


def report_records(
    conn: sqlite3.Connection, me: int, since: str, until: str
) -> dict[str, list[tuple[Any, ...]]]:
    """Raw records of `net report` between two days (inclusive), all involving me.

    gives: (date, giver_id, receiver_id, kind, cents); intros: (date, by_id, a_id, b_id,
    status, cents, outcome_on) dated in the period or with an outcome in it;
    one_to_ones: (date,) of each one-to-one interaction.
    """
    p = {"me": me, "s": since, "u": until}
    gives = conn.execute(
        f"SELECT date, giver_id, receiver_id, kind, {GIVE_RESULT_CENTS} FROM give "
        "WHERE date BETWEEN :s AND :u AND :me IN (giver_id, receiver_id)",
        p,
    ).fetchall()
    intros = conn.execute(
        "SELECT date, by_id, a_id, b_id, status, value_cents, outcome_on FROM intro "
        "WHERE :me IN (by_id, a_id, b_id) AND status <> 'proposed' AND (date BETWEEN :s AND :u "
        "OR outcome_on BETWEEN :s AND :u)",
        p,
    ).fetchall()
    one_to_ones = conn.execute(
        "SELECT date FROM interaction WHERE kind = 'one-to-one' AND date BETWEEN :s AND :u", p
    ).fetchall()
    return {
        "gives": [tuple(r) for r in gives],
        "intros": [tuple(r) for r in intros],
        "one_to_ones": [tuple(r) for r in one_to_ones],
    }


def removal_counts(conn: sqlite3.Connection, contact_id: int) -> dict[str, int]:
    """How many records of each kind `net rm` of this contact would touch."""
    # each count reads through an index on the person's column (a `? IN (a, b)` test would
    # scan the table, and most records involve me: tests/store/test_plans.py)
    counts = {
        "intros": "SELECT count(*) FROM (SELECT id FROM intro WHERE by_id = :c UNION "
        "SELECT id FROM intro WHERE a_id = :c UNION SELECT id FROM intro WHERE b_id = :c) AS x",
        "asks": "SELECT count(*) FROM ask WHERE contact_id = :c",
        "gives": "SELECT (SELECT count(*) FROM give WHERE giver_id = :c) + "
        "(SELECT count(*) FROM give WHERE receiver_id = :c AND giver_id <> :c)",
        # only interactions nobody else took part in go; shared ones lose this person
        "interactions": "SELECT count(*) FROM interaction_contact ic WHERE contact_id = :c "
        "AND NOT EXISTS (SELECT 1 FROM interaction_contact o "
        "WHERE o.interaction_id = ic.interaction_id AND o.contact_id != ic.contact_id)",
        "links": "SELECT count(*) FROM (SELECT id FROM link WHERE a_id = :c UNION "
        "SELECT id FROM link WHERE b_id = :c) AS x",
        "reminders": "SELECT count(*) FROM reminder WHERE contact_id = :c",
        "shared interactions": "SELECT count(*) FROM interaction_contact ic "
        "WHERE contact_id = :c AND EXISTS (SELECT 1 FROM interaction_contact o "
        "WHERE o.interaction_id = ic.interaction_id AND o.contact_id != ic.contact_id)",
    }
    return {
        kind: conn.execute(sql, {"c": contact_id}).fetchone()[0] for kind, sql in counts.items()
    }


def close_reminders_due(conn: sqlite3.Connection, contact_id: int, day: str) -> list[int]:
    """Mark the contact's open reminders due by `day` done on `day`; their ids, by date."""
    ids = [
        r[0]
        for r in conn.execute(
            "SELECT id FROM reminder WHERE contact_id = ? AND done_on IS NULL AND date <= ? "
            "ORDER BY date, id",
            (contact_id, day),
        )
    ]
    conn.executemany("UPDATE reminder SET done_on = ? WHERE id = ?", [(day, i) for i in ids])
    return ids
