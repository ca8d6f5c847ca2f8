"""Reads of `net report`: a period's sums computed in SQL (GROUP BY), not rows pulled into Python.

A year of a 100,000-contact store holds ~80,000 gives and ~10,000 intros involving me; each
query here reads them through a covering index (schema 15: `ix_give_date_result`,
`ix_intro_by_date`) and returns a few hundred rows at most: one per day and kind, or the
people of the top lists in order until the last tie. `+column` keeps SQLite's planner on the
date index (a giver/receiver index would visit the table for every row of me).
Sums come back as int (PostgreSQL sums a BIGINT as NUMERIC).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

# a give's result in cents: its value, or for a referral the value it closed at
_RESULT = (
    "CASE WHEN g.kind <> 'referral' THEN g.value_cents "
    "WHEN g.status = 'business' THEN g.closed_value_cents END"
)


_BUSINESS = "g.kind = 'business'"


def _cents(value: Any) -> int:
    return 0 if value is None else int(value)


def give_days(conn: sqlite3.Connection, me: int, since: str, until: str) -> list[tuple[Any, ...]]:
    """(day, from me: count, cents; to me: count, cents; business kind: count, cents) of the
    gives from or to me dated in the period, one row per day (in the index's order)."""

    def both(condition: str) -> str:
        return (
            f"sum(CASE WHEN {condition} THEN 1 ELSE 0 END), "
            f"sum(CASE WHEN {condition} THEN {_RESULT} END)"
        )

    return [
        (r[0], *(_cents(v) for v in r[1:]))
        for r in conn.execute(
            f"SELECT g.date, {both('g.giver_id = :me')}, {both('g.receiver_id = :me')}, "
            f"{both(_BUSINESS)} FROM give g WHERE g.date BETWEEN :s AND :u "
            "AND (+g.giver_id = :me OR +g.receiver_id = :me) GROUP BY g.date",
            {"me": me, "s": since, "u": until},
        )
    ]


# intros involving me, each once: made by me, or by someone else with me as a or b
_MY_INTROS = (
    "SELECT i.id, i.date, i.by_id, i.status, i.value_cents, i.outcome_on FROM intro i "
    "WHERE i.by_id = :me {cond} "
    "UNION ALL SELECT i.id, i.date, i.by_id, i.status, i.value_cents, i.outcome_on FROM intro i "
    "WHERE i.a_id = :me AND i.by_id <> :me {cond} "
    "UNION ALL SELECT i.id, i.date, i.by_id, i.status, i.value_cents, i.outcome_on FROM intro i "
    "WHERE i.b_id = :me AND i.by_id <> :me AND i.a_id <> :me {cond}"
)


def intro_days(
    conn: sqlite3.Connection, me: int, since: str, until: str
) -> list[tuple[str, bool, str, int]]:
    """(day, made by me, status, count) of the intros involving me dated in the period
    (proposed ones aside)."""
    sql = _MY_INTROS.format(cond="AND i.date BETWEEN :s AND :u AND i.status <> 'proposed'")
    return [
        (r[0], bool(r[1]), r[2], int(r[3]))
        for r in conn.execute(
            "SELECT x.date, CASE WHEN x.by_id = :me THEN 1 ELSE 0 END, x.status, count(*) "
            f"FROM ({sql}) AS x GROUP BY 1, 2, 3",
            {"me": me, "s": since, "u": until},
        )
    ]


def intro_business_days(
    conn: sqlite3.Connection, me: int, since: str, until: str
) -> list[tuple[str, int, int]]:
    """(day, count, cents) of the intros involving me that reached business, by the day of
    their outcome (their date when they have none), in the period."""
    sql = _MY_INTROS.format(cond="AND i.status = 'business'")
    return [
        (r[0], int(r[1]), _cents(r[2]))
        for r in conn.execute(
            "SELECT coalesce(x.outcome_on, x.date), count(*), sum(x.value_cents) "
            f"FROM ({sql}) AS x WHERE coalesce(x.outcome_on, x.date) BETWEEN :s AND :u "
            "GROUP BY 1",
            {"me": me, "s": since, "u": until},
        )
    ]


def one_to_one_count(conn: sqlite3.Connection, since: str, until: str) -> int:
    """How many one-to-one interactions the period holds."""
    row = conn.execute(
        "SELECT count(*) FROM interaction WHERE kind = 'one-to-one' AND date BETWEEN ? AND ?",
        (since, until),
    ).fetchone()
    return int(row[0])


def referral_counts(conn: sqlite3.Connection, me: int, since: str, until: str) -> dict[str, int]:
    """Referrals given or received by me dated in the period: how many I gave, received, and
    how many of them are business or declined."""
    row = conn.execute(
        "SELECT count(*), sum(CASE WHEN g.giver_id = :me THEN 1 ELSE 0 END), "
        "sum(CASE WHEN g.receiver_id = :me THEN 1 ELSE 0 END), "
        "sum(CASE WHEN g.status = 'business' THEN 1 ELSE 0 END), "
        "sum(CASE WHEN g.status = 'declined' THEN 1 ELSE 0 END) "
        "FROM give g WHERE g.date BETWEEN :s AND :u AND g.kind = 'referral' "
        "AND (+g.giver_id = :me OR +g.receiver_id = :me)",
        {"me": me, "s": since, "u": until},
    ).fetchone()
    keys = ("given", "received", "closed", "declined")
    return {k: _cents(v) for k, v in zip(keys, row[1:], strict=True)}


def referral_waits(
    conn: sqlite3.Connection, me: int, since: str, until: str
) -> Iterator[tuple[str, str]]:
    """(date, first change after `open`) of each referral I received in the period that
    changed (through the kind-receiver index and the history's give index)."""
    for r in conn.execute(
        "SELECT x.date, x.first_change FROM (SELECT g.date, "
        "(SELECT min(s.date) FROM status_change s WHERE s.give_id = g.id "
        "AND s.status <> 'open') AS first_change FROM give g "
        "WHERE g.kind = 'referral' AND g.receiver_id = :me AND g.date BETWEEN :s AND :u) AS x "
        "WHERE x.first_change IS NOT NULL",
        {"me": me, "s": since, "u": until},
    ):
        yield r[0], r[1]


def closing_days(
    conn: sqlite3.Connection, me: int, since: str, until: str
) -> list[tuple[str, int, int]]:
    """(day, count, cents) of the referrals given or received by me that closed as business
    in the period, by the day they closed."""
    return [
        (r[0], int(r[1]), _cents(r[2]))
        for r in conn.execute(
            "SELECT g.status_on, count(*), sum(g.closed_value_cents) FROM give g "
            "WHERE g.status = 'business' AND g.status_on BETWEEN :s AND :u "
            "AND (g.giver_id = :me OR g.receiver_id = :me) GROUP BY 1",
            {"me": me, "s": since, "u": until},
        )
    ]


# the top lists: gives and intros per person, summed in SQL, best first
_GIVERS = (
    f"SELECT g.giver_id AS who, {_RESULT} AS cents FROM give g "
    "WHERE g.date BETWEEN :s AND :u AND +g.receiver_id = :me "
    "UNION ALL SELECT i.by_id, NULL FROM intro i WHERE i.a_id = :me AND i.by_id <> :me "
    "AND i.status <> 'proposed' AND i.date BETWEEN :s AND :u "
    "UNION ALL SELECT i.by_id, NULL FROM intro i WHERE i.b_id = :me AND i.by_id <> :me "
    "AND i.a_id <> :me AND i.status <> 'proposed' AND i.date BETWEEN :s AND :u"
)
_RECEIVERS = (
    f"SELECT g.receiver_id AS who, {_RESULT} AS cents FROM give g "
    "WHERE g.date BETWEEN :s AND :u AND +g.giver_id = :me "
    "UNION ALL SELECT i.a_id, NULL FROM intro i WHERE i.by_id = :me "
    "AND i.date BETWEEN :s AND :u AND i.status <> 'proposed' "
    "UNION ALL SELECT i.b_id, NULL FROM intro i WHERE i.by_id = :me "
    "AND i.date BETWEEN :s AND :u AND i.status <> 'proposed'"
)


def top_people(
    conn: sqlite3.Connection, me: int, since: str, until: str, side: str, top: int
) -> list[tuple[int, int, int]]:
    """(contact id, count, cents) of the people who gave to me (side 'givers': gives to me and
    intros they made for me) or received from me ('receivers': gives from me and both people
    of each intro I made), me aside, most first: the `top` first and everyone tied with the
    last of them (the caller orders ties by name)."""
    union = _GIVERS if side == "givers" else _RECEIVERS
    cursor = conn.execute(
        "SELECT x.who, count(*) AS n, coalesce(sum(x.cents), 0) AS cents "
        f"FROM ({union}) AS x WHERE x.who <> :me GROUP BY x.who ORDER BY n DESC, cents DESC",
        {"me": me, "s": since, "u": until},
    )
    found: list[tuple[int, int, int]] = []
    for r in cursor:
        row = (int(r[0]), int(r[1]), int(r[2]))
        if len(found) >= top and row[1:] != found[-1][1:]:
            break
        found.append(row)
    return found  # the rest of the rows is never read (the cursor ends with this call)
