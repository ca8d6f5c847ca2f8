"""The group's rows (spec §12): chapter, roster, slips and their history, thanks, one-to-ones,
meetings with attendance, visitors. SQL only; the rules are in services/groups.py.

Written portably (booleans as parameters, `RETURNING id`, ids not row numbers), so the
PostgreSQL store runs the same statements.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

Row = dict[str, Any]

MEMBER_COLUMNS = (
    "id, name, name_key, category, category_key, company, contact_id, role, admin, since, left_on"
)
SLIP_SELECT = (
    "SELECT s.id, s.from_id, f.name AS from_name, s.to_id, t.name AS to_name, s.text, s.hot, "
    "s.prospect, s.date, s.status, s.status_on, s.closed_value_cents "
    "FROM slip AS s JOIN member AS f ON f.id = s.from_id JOIN member AS t ON t.id = s.to_id "
)
THANKS_SELECT = (
    "SELECT th.id, th.from_id, f.name AS from_name, th.to_id, t.name AS to_name, "
    "th.value_cents, th.date, th.slip_id, th.note "
    "FROM thanks AS th JOIN member AS f ON f.id = th.from_id JOIN member AS t ON t.id = th.to_id "
)


def _dicts(cursor: sqlite3.Cursor) -> list[Row]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _one(cursor: sqlite3.Cursor) -> Row | None:
    found = _dicts(cursor)
    return found[0] if found else None


def _new_id(cursor: sqlite3.Cursor) -> int:
    row = cursor.fetchone()
    assert row is not None
    return int(row[0])


# chapter ------------------------------------------------------------------------------


def chapter(conn: sqlite3.Connection) -> Row | None:
    """The store's group (there is at most one), or None."""
    return _one(conn.execute("SELECT id, name, created_at FROM chapter ORDER BY id LIMIT 1"))


def insert_chapter(conn: sqlite3.Connection, name: str, created_at: str) -> int:
    return _new_id(
        conn.execute(
            "INSERT INTO chapter (name, created_at) VALUES (?, ?) RETURNING id", (name, created_at)
        )
    )


# roster --------------------------------------------------------------------------------


def insert_member(
    conn: sqlite3.Connection,
    *,
    name: str,
    name_key: str,
    category: str | None,
    category_key: str | None,
    company: str | None,
    contact_id: int | None,
    role: str | None,
    admin: bool,
    since: date,
    created_at: str,
) -> int:
    return _new_id(
        conn.execute(
            "INSERT INTO member (name, name_key, category, category_key, company, contact_id, "
            "role, admin, since, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                name,
                name_key,
                category,
                category_key,
                company,
                contact_id,
                role,
                admin,
                since.isoformat(),
                created_at,
            ),
        )
    )


def members(conn: sqlite3.Connection, *, with_left: bool = False) -> list[Row]:
    """The roster in name order: active members (and, `with_left`, those who left too)."""
    return _dicts(
        conn.execute(
            f"SELECT {MEMBER_COLUMNS} FROM member WHERE (? OR left_on IS NULL) "
            "ORDER BY name_key, id",
            (with_left,),
        )
    )


def member(conn: sqlite3.Connection, member_id: int) -> Row | None:
    """One member by id, active or not."""
    return _one(conn.execute(f"SELECT {MEMBER_COLUMNS} FROM member WHERE id = ?", (member_id,)))


def member_of_contact(conn: sqlite3.Connection, contact_id: int) -> Row | None:
    """The active member who is this contact of mine, if any: added from it, or (a member
    added as a PostgreSQL role) named as it is."""
    return _one(
        conn.execute(
            f"SELECT {MEMBER_COLUMNS} FROM member WHERE left_on IS NULL AND (contact_id = :c "
            "OR (contact_id IS NULL AND name_key = (SELECT c.search_key FROM contact AS c "
            "WHERE c.id = :c AND NOT c.is_me))) ORDER BY contact_id IS NULL, id LIMIT 1",
            {"c": contact_id},
        )
    )


def member_of_role(conn: sqlite3.Connection, role: str) -> Row | None:
    """The active member who is this PostgreSQL role, if any."""
    return _one(
        conn.execute(
            f"SELECT {MEMBER_COLUMNS} FROM member WHERE role = ? AND left_on IS NULL "
            "ORDER BY id LIMIT 1",
            (role,),
        )
    )


def on_server(conn: sqlite3.Connection) -> bool:
    return bool(getattr(conn, "is_postgres", False))


def current_role(conn: sqlite3.Connection) -> str | None:
    """The PostgreSQL role running this command; None on SQLite."""
    if not on_server(conn):
        return None
    from netcli.store import pg_groups

    return pg_groups.current_role(conn)  # type: ignore[arg-type]


def role_exists(conn: sqlite3.Connection, name: str) -> bool:
    """Whether `name` is a role of the PostgreSQL server (never on SQLite)."""
    if not on_server(conn):
        return False
    from netcli.store import pg_groups

    return pg_groups.role_exists(conn, name)  # type: ignore[arg-type]


def my_member(conn: sqlite3.Connection, me_id: int) -> Row | None:
    """The member running this command: on PostgreSQL the one whose role is `current_user`;
    on SQLite the one who is my `me` contact."""
    role = current_role(conn)
    return member_of_contact(conn, me_id) if role is None else member_of_role(conn, role)


def group_started(conn: sqlite3.Connection) -> bool:
    """On PostgreSQL, whether the roster has anyone, seen or not (a role that is no member
    sees none of it); False on SQLite, where everything is seen."""
    if not on_server(conn):
        return False
    row = conn.execute("SELECT netcli_group_started()").fetchone()
    return bool(row and row[0])


def lock_group(conn: sqlite3.Connection) -> None:
    """Before a write to the group's tables: on PostgreSQL, the group-wide lock (two members
    write the shared tables under their own per-owner locks); SQLite's write lock is one."""
    if on_server(conn):
        from netcli.store import pg_groups

        pg_groups.lock(conn)  # type: ignore[arg-type]


def members_in_category(conn: sqlite3.Connection, category_key: str) -> list[Row]:
    """Active members whose folded category is `category_key`."""
    return _dicts(
        conn.execute(
            f"SELECT {MEMBER_COLUMNS} FROM member WHERE category_key = ? AND left_on IS NULL "
            "ORDER BY id",
            (category_key,),
        )
    )


def set_left(conn: sqlite3.Connection, member_id: int, on: date) -> None:
    conn.execute("UPDATE member SET left_on = ? WHERE id = ?", (on.isoformat(), member_id))


def member_record_count(conn: sqlite3.Connection, member_id: int) -> int:
    """How many ledger rows name this member (slips, thanks, one-to-ones, attendance, visitors)."""
    row = conn.execute(
        "SELECT (SELECT count(*) FROM slip WHERE from_id = :m OR to_id = :m) "
        "+ (SELECT count(*) FROM thanks WHERE from_id = :m OR to_id = :m) "
        "+ (SELECT count(*) FROM one_to_one WHERE a_id = :m OR b_id = :m) "
        "+ (SELECT count(*) FROM attendance WHERE member_id = :m) "
        "+ (SELECT count(*) FROM visitor WHERE by_id = :m)",
        {"m": member_id},
    ).fetchone()
    return int(row[0])


# slips ---------------------------------------------------------------------------------


def insert_slip(
    conn: sqlite3.Connection,
    *,
    from_id: int,
    to_id: int,
    text: str,
    hot: int | None,
    prospect: str | None,
    on: date,
    created_at: str,
) -> int:
    slip_id = _new_id(
        conn.execute(
            "INSERT INTO slip (from_id, to_id, text, hot, prospect, date, status, status_on, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?) RETURNING id",
            (from_id, to_id, text, hot, prospect, on.isoformat(), on.isoformat(), created_at),
        )
    )
    insert_slip_history(conn, slip_id, on, "open", None, None)
    return slip_id


def insert_slip_history(
    conn: sqlite3.Connection,
    slip_id: int,
    on: date,
    status: str,
    value_cents: int | None,
    note: str | None,
) -> None:
    conn.execute(
        "INSERT INTO slip_history (slip_id, date, status, value_cents, note) "
        "VALUES (?, ?, ?, ?, ?)",
        (slip_id, on.isoformat(), status, value_cents, note),
    )


def set_slip_status(
    conn: sqlite3.Connection, slip_id: int, status: str, on: date, closed_value_cents: int | None
) -> None:
    conn.execute(
        "UPDATE slip SET status = ?, status_on = ?, closed_value_cents = ? WHERE id = ?",
        (status, on.isoformat(), closed_value_cents, slip_id),
    )


def slip(conn: sqlite3.Connection, slip_id: int) -> Row | None:
    return _one(conn.execute(SLIP_SELECT + "WHERE s.id = ?", (slip_id,)))


def slips(
    conn: sqlite3.Connection,
    *,
    member_id: int | None = None,
    status: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = -1,
) -> list[Row]:
    """Slips newest first, optionally those given or received by one member, in one status,
    or dated within [since, until]; at most `limit` (-1: all)."""
    where = ["TRUE"]
    if member_id is not None:
        where.append("(s.from_id = :m OR s.to_id = :m)")
    if status is not None:
        where.append("s.status = :st")
    if since is not None:
        where.append("s.date >= :since")
    if until is not None:
        where.append("s.date <= :until")
    return _dicts(
        conn.execute(
            SLIP_SELECT
            + f"WHERE {' AND '.join(where)} ORDER BY s.date DESC, s.id DESC"
            + (" LIMIT :n" if limit >= 0 else ""),
            {
                "n": limit,
                "m": member_id,
                "st": status,
                "since": since.isoformat() if since else None,
                "until": until.isoformat() if until else None,
            },
        )
    )


def slip_histories(conn: sqlite3.Connection, slip_ids: Sequence[int]) -> dict[int, list[Row]]:
    """Each slip's history, oldest change first."""
    found: dict[int, list[Row]] = {i: [] for i in slip_ids}
    for start in range(0, len(slip_ids), 500):
        chunk = list(slip_ids[start : start + 500])
        marks = ", ".join("?" * len(chunk))
        for row in _dicts(
            conn.execute(
                "SELECT slip_id, status, date, value_cents, note FROM slip_history "
                f"WHERE slip_id IN ({marks}) ORDER BY slip_id, date, id",
                chunk,
            )
        ):
            found[row.pop("slip_id")].append(row)
    return found


def slip_followups(
    conn: sqlite3.Connection, member_id: int, until: date, contact_id: int | None
) -> list[Row]:
    """The slips `net due` shows this member (spec §7 reason `referral`, on group slips):
    received and still open, or given and not closed; each with the other member's contact
    (my contact, active) it is due on. `until` bounds the slip's last change (its due date
    is later still), `contact_id` keeps one contact's."""
    return _dicts(
        conn.execute(
            "SELECT s.id, s.date, s.status, s.status_on, s.text, s.prospect, "
            "CASE WHEN s.to_id = :m THEN 'received' ELSE 'given' END AS side, "
            "c.id AS contact_id, c.name, c.search_key, c.snoozed_until "
            "FROM slip AS s JOIN member AS o "
            "ON o.id = CASE WHEN s.to_id = :m THEN s.from_id ELSE s.to_id END "
            "JOIN contact AS c ON (c.id = o.contact_id OR (o.contact_id IS NULL "
            "AND c.search_key = o.name_key AND NOT c.is_me)) "
            "WHERE ((s.to_id = :m AND s.status = 'open') "
            "OR (s.from_id = :m AND s.status IN ('open', 'contacted', 'met'))) "
            "AND s.status_on <= :until AND NOT c.archived "
            "AND (CAST(:c AS INTEGER) IS NULL OR c.id = :c)",
            {"m": member_id, "until": until.isoformat(), "c": contact_id},
        )
    )


# thanks, one-to-ones, visitors -----------------------------------------------------------


def insert_thanks(
    conn: sqlite3.Connection,
    *,
    from_id: int,
    to_id: int,
    value_cents: int,
    on: date,
    slip_id: int | None,
    note: str | None,
    created_at: str,
) -> int:
    return _new_id(
        conn.execute(
            "INSERT INTO thanks (from_id, to_id, value_cents, date, slip_id, note, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (from_id, to_id, value_cents, on.isoformat(), slip_id, note, created_at),
        )
    )


def thanks(conn: sqlite3.Connection, thanks_id: int) -> Row | None:
    return _one(conn.execute(THANKS_SELECT + "WHERE th.id = ?", (thanks_id,)))


def thanks_of_member(conn: sqlite3.Connection, member_id: int, limit: int) -> list[Row]:
    return _dicts(
        conn.execute(
            THANKS_SELECT + "WHERE th.from_id = :m OR th.to_id = :m "
            "ORDER BY th.date DESC, th.id DESC LIMIT :n",
            {"m": member_id, "n": limit},
        )
    )


def insert_one_to_one(
    conn: sqlite3.Connection, a_id: int, b_id: int, on: date, note: str | None, created_at: str
) -> int:
    return _new_id(
        conn.execute(
            "INSERT INTO one_to_one (a_id, b_id, date, note, created_at) "
            "VALUES (?, ?, ?, ?, ?) RETURNING id",
            (a_id, b_id, on.isoformat(), note, created_at),
        )
    )


def insert_visitor(
    conn: sqlite3.Connection,
    name: str,
    category: str | None,
    by_id: int | None,
    on: date,
    created_at: str,
) -> int:
    return _new_id(
        conn.execute(
            "INSERT INTO visitor (name, category, by_id, date, created_at) "
            "VALUES (?, ?, ?, ?, ?) RETURNING id",
            (name, category, by_id, on.isoformat(), created_at),
        )
    )


# meetings ------------------------------------------------------------------------------


def meeting_on(conn: sqlite3.Connection, on: date) -> int | None:
    row = conn.execute("SELECT id FROM meeting WHERE date = ?", (on.isoformat(),)).fetchone()
    return None if row is None else int(row[0])


def insert_meeting(conn: sqlite3.Connection, on: date, created_at: str) -> int:
    return _new_id(
        conn.execute(
            "INSERT INTO meeting (date, created_at) VALUES (?, ?) RETURNING id",
            (on.isoformat(), created_at),
        )
    )


def clear_attendance(conn: sqlite3.Connection, meeting_id: int) -> None:
    conn.execute("DELETE FROM attendance WHERE meeting_id = ?", (meeting_id,))


def insert_attendance(
    conn: sqlite3.Connection, meeting_id: int, rows: Iterable[tuple[int, str, str | None]]
) -> None:
    """(member_id, status, substitute) for each member at this meeting."""
    conn.executemany(
        "INSERT INTO attendance (meeting_id, member_id, status, substitute) VALUES (?, ?, ?, ?)",
        [(meeting_id, m, status, sub) for m, status, sub in rows],
    )


def members_on(conn: sqlite3.Connection, on: date) -> list[Row]:
    """Members of the group on that day: joined on or before it and not left by then."""
    return _dicts(
        conn.execute(
            f"SELECT {MEMBER_COLUMNS} FROM member WHERE since <= :d "
            "AND (left_on IS NULL OR left_on > :d) ORDER BY name_key, id",
            {"d": on.isoformat()},
        )
    )


# the views: counts per member over a period ---------------------------------------------


def attendance_counts(conn: sqlite3.Connection, since: date, until: date) -> list[Row]:
    """(member_id, status, count) over the meetings dated within [since, until]."""
    return _dicts(
        conn.execute(
            "SELECT a.member_id, a.status, count(*) AS n FROM attendance AS a "
            "JOIN meeting AS mt ON mt.id = a.meeting_id "
            "WHERE mt.date >= ? AND mt.date <= ? GROUP BY a.member_id, a.status",
            (since.isoformat(), until.isoformat()),
        )
    )


def meeting_count(conn: sqlite3.Connection, since: date, until: date) -> int:
    row = conn.execute(
        "SELECT count(*) FROM meeting WHERE date >= ? AND date <= ?",
        (since.isoformat(), until.isoformat()),
    ).fetchone()
    return int(row[0])


def slip_counts(conn: sqlite3.Connection, since: date, until: date) -> list[Row]:
    """(from_id, to_id, count) of slips dated within [since, until]."""
    return _dicts(
        conn.execute(
            "SELECT from_id, to_id, count(*) AS n FROM slip WHERE date >= ? AND date <= ? "
            "GROUP BY from_id, to_id",
            (since.isoformat(), until.isoformat()),
        )
    )


def thanks_sums(conn: sqlite3.Connection, since: date, until: date) -> list[Row]:
    """(from_id, to_id, count, cents) of thanks dated within [since, until]."""
    return _dicts(
        conn.execute(
            "SELECT from_id, to_id, count(*) AS n, sum(value_cents) AS cents FROM thanks "
            "WHERE date >= ? AND date <= ? GROUP BY from_id, to_id",
            (since.isoformat(), until.isoformat()),
        )
    )


def one_to_one_pairs(conn: sqlite3.Connection, since: date, until: date) -> list[Row]:
    """(a_id, b_id, count) of one-to-ones dated within [since, until]."""
    return _dicts(
        conn.execute(
            "SELECT a_id, b_id, count(*) AS n FROM one_to_one WHERE date >= ? AND date <= ? "
            "GROUP BY a_id, b_id",
            (since.isoformat(), until.isoformat()),
        )
    )


def visitor_counts(conn: sqlite3.Connection, since: date, until: date) -> list[Row]:
    """(by_id, count) of visitors dated within [since, until]."""
    return _dicts(
        conn.execute(
            "SELECT by_id, count(*) AS n FROM visitor WHERE date >= ? AND date <= ? "
            "AND by_id IS NOT NULL GROUP BY by_id",
            (since.isoformat(), until.isoformat()),
        )
    )


def daily_activity(conn: sqlite3.Connection, since: date, until: date) -> list[Row]:
    """Per day within [since, until]: slips passed, one-to-ones held, thanks (count, cents).
    The months of the group report's chart are summed from these (portable: no date
    functions in SQL)."""
    return _dicts(
        conn.execute(
            "SELECT date AS day, 'slip' AS kind, count(*) AS n, 0 AS cents FROM slip "
            "WHERE date >= :a AND date <= :b GROUP BY date "
            "UNION ALL SELECT date AS day, 'one_to_one' AS kind, count(*) AS n, 0 AS cents "
            "FROM one_to_one WHERE date >= :a AND date <= :b GROUP BY date "
            "UNION ALL SELECT date AS day, 'thanks' AS kind, count(*) AS n, "
            "sum(value_cents) AS cents FROM thanks WHERE date >= :a AND date <= :b GROUP BY date",
            {"a": since.isoformat(), "b": until.isoformat()},
        )
    )


def first_record_date(conn: sqlite3.Connection) -> date | None:
    """The earliest date in the ledger (the default start of `net group report`)."""
    row = conn.execute(
        "SELECT min(d) FROM (SELECT min(date) AS d FROM slip UNION ALL "
        "SELECT min(date) AS d FROM thanks UNION ALL SELECT min(date) AS d FROM one_to_one "
        "UNION ALL SELECT min(date) AS d FROM meeting UNION ALL "
        "SELECT min(date) AS d FROM visitor) AS firsts"
    ).fetchone()
    return date.fromisoformat(row[0]) if row and row[0] else None


# my network, for `net group gaps` ------------------------------------------------------


def categorised_contacts(conn: sqlite3.Connection) -> list[Row]:
    """My active contacts (not me) that have a category, oldest first: id, name, search_key,
    company, category."""
    return _dicts(
        conn.execute(
            "SELECT id, name, search_key, company, category FROM contact "
            "WHERE NOT archived AND NOT is_me AND category IS NOT NULL AND category <> '' "
            "ORDER BY id"
        )
    )
