"""SQL of the results loop (spec §11): referral lifecycles, status history, the referral and
proposed-intro items of `net due`, and the records `net credit` reads. Rows only, no rules.

Every query here reads through an index (a `+` before a column keeps the planner off the
pair indexes, whose `me` side holds most gives): the status range of `ix_give_status_on` (only
referrals have a status), the status/date index of intro, the per-record index of
status_change, and the pair indexes of intro for "who introduced me to X".
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

IN_PLAY = ("open", "contacted", "met")  # a referral not yet business or declined
_CHUNK = 900


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


def _dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    keys = [d[0] for d in cursor.description]
    return [dict(zip(keys, r, strict=True)) for r in cursor.fetchall()]


# writes ----------------------------------------------------------------------------------


def add_change(
    conn: sqlite3.Connection,
    owner: str,
    record_id: int,
    status: str,
    on: date | str,
    value_cents: int | None,
    note: str | None,
    created_at: str,
) -> None:
    """Append one row to a give's (owner 'give') or an intro's ('intro') history."""
    column = {"give": "give_id", "intro": "intro_id"}[owner]
    conn.execute(
        f"INSERT INTO status_change ({column}, status, date, value_cents, note, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (record_id, status, str(on), value_cents, note, created_at),
    )


def start_referral(
    conn: sqlite3.Connection, give_id: int, on: date, hot: int, prospect_id: int | None
) -> None:
    """A new referral give: `open` on its date, with its hot rating and prospect."""
    conn.execute(
        "UPDATE give SET status = 'open', status_on = ?, hot = ?, prospect_id = ? WHERE id = ?",
        (on.isoformat(), hot, prospect_id, give_id),
    )


def referral_row(conn: sqlite3.Connection, give_id: int) -> dict[str, Any] | None:
    """A give's people, kind, date and lifecycle columns, or None."""
    found = _dicts(
        conn.execute(
            "SELECT id, giver_id, receiver_id, kind, date, status, status_on, hot, "
            "prospect_id, closed_value_cents FROM give WHERE id = ?",
            (give_id,),
        )
    )
    return found[0] if found else None


def set_referral_status(
    conn: sqlite3.Connection, give_id: int, status: str, on: date, closed_cents: int | None
) -> None:
    conn.execute(
        "UPDATE give SET status = ?, status_on = ?, closed_value_cents = ? WHERE id = ?",
        (status, on.isoformat(), closed_cents, give_id),
    )


def make_proposed(conn: sqlite3.Connection, intro_id: int) -> None:
    conn.execute("UPDATE intro SET status = 'proposed' WHERE id = ?", (intro_id,))


def intro_made(conn: sqlite3.Connection, intro_id: int, on: date) -> None:
    """A proposed intro is made: it dates from that day (its check-in counts from it)."""
    conn.execute(
        "UPDATE intro SET status = 'made', date = ?, outcome_on = NULL WHERE id = ?",
        (on.isoformat(), intro_id),
    )


def clear_outcome_day(conn: sqlite3.Connection, intro_id: int) -> None:
    """An intro corrected back to `made` has no outcome day."""
    conn.execute("UPDATE intro SET outcome_on = NULL WHERE id = ?", (intro_id,))


def start_lifecycles(conn: sqlite3.Connection) -> None:
    """Give every referral without a status one (`open` on its date, hot 3) and every
    referral and intro without a history the rows its current state implies: the step of
    an old store (schema 7) and of an imported document written before it."""
    # status_on stays empty: no status change was recorded, so an old referral is never
    # due (a store with years of referrals would otherwise see every one of them overdue)
    conn.execute(
        "UPDATE give SET status = 'open', hot = 3 WHERE kind = 'referral' AND status IS NULL"
    )
    conn.execute(
        "UPDATE give SET hot = 3 WHERE kind = 'referral' AND hot IS NULL AND status IS NOT NULL"
    )
    # the records without any history, then their rows in date order (open first); in SQL,
    # not Python: a 100k-contact store has 100,000s of them
    conn.execute("DROP TABLE IF EXISTS bare_give")
    conn.execute("DROP TABLE IF EXISTS bare_intro")
    conn.execute(
        "CREATE TEMP TABLE bare_give AS SELECT g.id FROM give g WHERE g.status IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM status_change s WHERE s.give_id = g.id)"
    )
    conn.execute(
        "CREATE TEMP TABLE bare_intro AS SELECT i.id FROM intro i "
        "WHERE NOT EXISTS (SELECT 1 FROM status_change s WHERE s.intro_id = i.id)"
    )
    insert = (
        "INSERT INTO status_change (give_id, intro_id, status, date, value_cents, note, "
        "created_at) "
    )
    conn.execute(
        insert + "SELECT g.id, NULL, 'open', g.date, NULL, NULL, g.created_at "
        "FROM give g JOIN bare_give b ON b.id = g.id"
    )
    conn.execute(
        insert + "SELECT g.id, NULL, g.status, coalesce(g.status_on, g.date), "
        "g.closed_value_cents, NULL, g.created_at FROM give g JOIN bare_give b ON b.id = g.id "
        "WHERE g.status <> 'open'"
    )
    conn.execute(
        insert + "SELECT NULL, i.id, CASE WHEN i.status = 'proposed' THEN 'proposed' "
        "ELSE 'made' END, i.date, NULL, NULL, i.created_at "
        "FROM intro i JOIN bare_intro b ON b.id = i.id"
    )
    conn.execute(
        insert + "SELECT NULL, i.id, i.status, coalesce(i.outcome_on, i.date), i.value_cents, "
        "i.outcome_note, i.created_at FROM intro i JOIN bare_intro b ON b.id = i.id "
        "WHERE i.status NOT IN ('proposed', 'made')"
    )
    conn.execute("DROP TABLE bare_give")
    conn.execute("DROP TABLE bare_intro")


def insert_history(conn: sqlite3.Connection, rows: Sequence[dict[str, Any]]) -> None:
    """History rows of an imported document (keys: give_id, intro_id, status, date,
    value_cents, note, created_at)."""
    conn.executemany(
        "INSERT INTO status_change (give_id, intro_id, status, date, value_cents, note, "
        "created_at) VALUES (:give_id, :intro_id, :status, :date, :value_cents, :note, "
        ":created_at)",
        rows,
    )


# reads -----------------------------------------------------------------------------------


def histories(
    conn: sqlite3.Connection, owner: str, ids: Sequence[int]
) -> dict[int, list[dict[str, Any]]]:
    """record id -> its history rows (status, date, value_cents, note), oldest first."""
    column = {"give": "give_id", "intro": "intro_id"}[owner]
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for chunk in _chunks(list(ids)):
        for rid, status, day, cents, note in conn.execute(
            f"SELECT {column}, status, date, value_cents, note FROM status_change "
            f"WHERE {column} IN ({_marks(chunk)}) ORDER BY {column}, date, id",
            list(chunk),
        ):
            found[rid].append({"status": status, "date": day, "value_cents": cents, "note": note})
    return found


def prospect_names(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, str]:
    wanted = sorted(set(ids))
    found: dict[int, str] = {}
    for chunk in _chunks(wanted):
        found.update(
            conn.execute(f"SELECT id, name FROM contact WHERE id IN ({_marks(chunk)})", chunk)
        )
    return found


def referral_objects(
    conn: sqlite3.Connection,
    me: int,
    contact_id: int | None,
    side: str | None,
    open_only: bool,
    *,
    history: bool = True,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Referrals as give objects, newest first, in one statement: given by me or received by
    me (side 'given' / 'received'), or any; of one contact; only those in play; the first
    `limit`. Without `history` their status histories are not read (a table shows none)."""
    from netcli.store.queries import give_objects

    where = ["g.kind = 'referral'"]
    params: dict[str, Any] = {"me": me}
    if side == "given":
        where.append("g.giver_id = :me")
    elif side == "received":
        where.append("g.receiver_id = :me")
    if contact_id is not None:
        where.append("(g.giver_id = :c OR g.receiver_id = :c OR g.prospect_id = :c)")
        params["c"] = contact_id
    if open_only:
        where.append(f"g.status IN ({', '.join(repr(s) for s in IN_PLAY)})")
    return give_objects(conn, " AND ".join(where), params, history=history, limit=limit)


def received_open(
    conn: sqlite3.Connection, me: int, dated_by: str, contact_id: int | None = None
) -> list[dict[str, Any]]:
    """Referrals I received, still `open`, dated on or before `dated_by`, with their active
    giver (the due item's contact) and prospect."""
    sql = """
      SELECT g.id, g.date, g.text, g.hot, g.giver_id AS target_id, t.name AS target_name,
             t.search_key AS target_key, t.snoozed_until AS target_snoozed,
             p.name AS prospect
      FROM give g JOIN contact t ON t.id = g.giver_id
      LEFT JOIN contact p ON p.id = g.prospect_id
      WHERE g.status = 'open' AND g.status_on <= :d AND g.date <= :d
        AND +g.receiver_id = :me AND t.archived = FALSE
    """
    params: dict[str, Any] = {"me": me, "d": dated_by}
    if contact_id is not None:
        sql += " AND g.giver_id = :c"
        params["c"] = contact_id
    return _dicts(conn.execute(sql, params))


def given_in_play(
    conn: sqlite3.Connection, me: int, changed_by: str, contact_id: int | None = None
) -> list[dict[str, Any]]:
    """Referrals I gave, not yet business or declined, whose last change is on or before
    `changed_by`, with their active receiver (the due item's contact) and prospect."""
    sql = f"""
      SELECT g.id, g.date, g.text, g.status, g.status_on, g.receiver_id AS target_id,
             t.name AS target_name, t.search_key AS target_key,
             t.snoozed_until AS target_snoozed, p.name AS prospect
      FROM give g JOIN contact t ON t.id = g.receiver_id
      LEFT JOIN contact p ON p.id = g.prospect_id
      WHERE g.status IN ({", ".join(repr(s) for s in IN_PLAY)}) AND g.status_on <= :d
        AND +g.giver_id = :me AND t.archived = FALSE
    """
    params: dict[str, Any] = {"me": me, "d": changed_by}
    if contact_id is not None:
        sql += " AND g.receiver_id = :c"
        params["c"] = contact_id
    return _dicts(conn.execute(sql, params))


def proposed_intros(
    conn: sqlite3.Connection, dated_by: str, contact_id: int | None = None
) -> list[dict[str, Any]]:
    """Intros still `proposed` on or before `dated_by`, with their active `b` (whose consent
    is awaited) as the target."""
    sql = """
      SELECT i.id, i.date, i.by_id, i.a_id, i.b_id, ca.name AS a_name,
             t.id AS target_id, t.name AS target_name, t.search_key AS target_key,
             t.snoozed_until AS target_snoozed
      FROM intro i JOIN contact t ON t.id = i.b_id JOIN contact ca ON ca.id = i.a_id
      WHERE i.status = 'proposed' AND i.date <= :d AND t.archived = FALSE AND t.is_me = FALSE
    """
    params: dict[str, Any] = {"d": dated_by}
    if contact_id is not None:
        sql += " AND t.id = :c"
        params["c"] = contact_id
    return _dicts(conn.execute(sql, params))


# credit (spec §11) ------------------------------------------------------------------------


def results(conn: sqlite3.Connection, me: int, since: str | None = None) -> list[dict[str, Any]]:
    """Every result: intros by someone else involving me that reached business, referrals I
    received that reached business, and business gives to me; each with its kind ('intro'
    or 'give'), id, date (of the outcome), cents and direct person (id, name)."""
    low = since or "0001-01-01"  # before any date; a real date, as PostgreSQL needs
    found = _dicts(
        conn.execute(
            "SELECT 'intro' AS kind, i.id, coalesce(i.outcome_on, i.date) AS date, "
            "i.value_cents AS cents, i.by_id AS direct_id, c.name AS direct "
            "FROM intro i JOIN contact c ON c.id = i.by_id "
            "WHERE i.status = 'business' AND i.by_id <> :me AND (i.a_id = :me OR i.b_id = :me) "
            "AND coalesce(i.outcome_on, i.date) >= :s "
            "UNION ALL SELECT 'give', g.id, g.status_on, g.closed_value_cents, g.giver_id, c.name "
            "FROM give g JOIN contact c ON c.id = g.giver_id "
            "WHERE g.status = 'business' AND g.receiver_id = :me AND g.status_on >= :s "
            "UNION ALL SELECT 'give', g.id, g.date, g.value_cents, g.giver_id, c.name "
            "FROM give g JOIN contact c ON c.id = g.giver_id "
            "WHERE g.receiver_id = :me AND g.kind = 'business' AND g.date >= :s",
            {"me": me, "s": low},
        )
    )
    found.sort(key=lambda r: (r["date"], r["kind"], r["id"]), reverse=True)
    return found


def introducers(conn: sqlite3.Connection, me: int) -> dict[int, int]:
    """contact id -> who introduced me to them (spec §11), for everyone at once: their
    via_id, else the `by` of the earliest intro (not proposed, not declined) of me and them.
    Two indexed reads, whatever the store's size."""
    found: dict[int, int] = {}
    for other, by, _day, _id in sorted(
        conn.execute(
            "SELECT b_id, by_id, date, id FROM intro WHERE a_id = :me "
            "AND status IN ('made', 'met', 'business') "
            "UNION ALL SELECT a_id, by_id, date, id FROM intro WHERE b_id = :me "
            "AND status IN ('made', 'met', 'business')",
            {"me": me},
        ).fetchall(),
        key=lambda r: (r[2], r[3]),
        reverse=True,
    ):
        found[other] = by  # the earliest wins: it is written last
    found.update(conn.execute("SELECT id, via_id FROM contact WHERE via_id IS NOT NULL"))
    return found


def parent_of(conn: sqlite3.Connection, me: int, contact_id: int) -> int | None:
    """Who introduced me to this one contact (the rule of `introducers`), or None."""
    row = conn.execute("SELECT via_id FROM contact WHERE id = ?", (contact_id,)).fetchone()
    if row is not None and row[0] is not None:
        return int(row[0])
    row = conn.execute(
        "SELECT x.by_id FROM (SELECT by_id, date, id FROM intro "
        "WHERE a_id = :me AND b_id = :c AND status IN ('made', 'met', 'business') "
        "UNION ALL SELECT by_id, date, id FROM intro "
        "WHERE a_id = :c AND b_id = :me AND status IN ('made', 'met', 'business')) AS x "
        "ORDER BY x.date, x.id LIMIT 1",
        {"me": me, "c": contact_id},
    ).fetchone()
    return None if row is None else int(row[0])


def brought_in_by(conn: sqlite3.Connection, me: int, contact_id: int) -> list[int]:
    """Contacts this one may have introduced me to (via_id, or an intro by them of me and
    the other): the candidates `parent_of` then confirms."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT id FROM contact WHERE via_id = :x "
            "UNION SELECT b_id FROM intro WHERE by_id = :x AND a_id = :me "
            "UNION SELECT a_id FROM intro WHERE b_id = :me AND by_id = :x",
            {"me": me, "x": contact_id},
        )
    ]


def results_through(
    conn: sqlite3.Connection, me: int, direct_ids: Sequence[int]
) -> list[tuple[int, int | None]]:
    """(direct id, cents) of every result (see `results`) whose direct person is one of these,
    each read through the pair indexes from that person's side."""
    found: list[tuple[int, int | None]] = []
    for chunk in _chunks(list(direct_ids)):
        marks = _marks(chunk)
        found += conn.execute(
            f"SELECT by_id, value_cents FROM intro WHERE by_id IN ({marks}) AND +a_id = ? "
            "AND status = 'business' "
            f"UNION ALL SELECT by_id, value_cents FROM intro WHERE by_id IN ({marks}) "
            "AND +b_id = ? AND status = 'business' "
            f"UNION ALL SELECT giver_id, closed_value_cents FROM give WHERE giver_id IN ({marks}) "
            "AND +receiver_id = ? AND status = 'business' "
            f"UNION ALL SELECT giver_id, value_cents FROM give WHERE giver_id IN ({marks}) "
            "AND +receiver_id = ? AND kind = 'business'",
            [*chunk, me, *chunk, me, *chunk, me, *chunk, me],
        ).fetchall()
    return found


def referral_records(
    conn: sqlite3.Connection, me: int, since: str, until: str
) -> list[tuple[Any, ...]]:
    """Referrals given or received by me dated in the period: (date, giver_id, receiver_id,
    status, first change date after `open` or None)."""
    return [
        tuple(r)
        for r in conn.execute(
            "SELECT g.date, g.giver_id, g.receiver_id, g.status, "
            "(SELECT min(s.date) FROM status_change s WHERE s.give_id = g.id "
            "AND s.status <> 'open') AS first_change "
            "FROM give g WHERE g.kind = 'referral' AND g.date BETWEEN :s AND :u "
            "AND (g.giver_id = :me OR g.receiver_id = :me)",
            {"me": me, "s": since, "u": until},
        )
    ]


def closings(conn: sqlite3.Connection, me: int, since: str, until: str) -> list[tuple[str, int]]:
    """(status_on, closed cents) of referrals given or received by me that are `business`,
    closed in the period."""
    return [
        (r[0], r[1])
        for r in conn.execute(
            "SELECT status_on, closed_value_cents FROM give WHERE status = 'business' "
            "AND status_on BETWEEN :s AND :u AND (giver_id = :me OR receiver_id = :me)",
            {"me": me, "s": since, "u": until},
        )
    ]
