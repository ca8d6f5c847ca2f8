"""`net report` summed in SQL (store/report.py) is the report build_report sums from the raw
records, on random stores: every count, sum, month and top list, ties included."""

from __future__ import annotations

import random
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from netcli.services.report import load_report, load_report_from_records
from netcli.store import db, queries

STAMP = "2026-01-01T09:00:00+00:00"
DAYS = [f"2025-{m:02d}-{d:02d}" for m in (11, 12) for d in (1, 15, 30)] + [
    f"2026-{m:02d}-{d:02d}" for m in range(1, 13) for d in (1, 2, 28)
]
PERIODS = [
    (date(2026, 1, 1), date(2026, 12, 31)),
    (date(2025, 12, 15), date(2026, 1, 28)),
    (date(2026, 3, 2), date(2026, 3, 2)),
    (date(2024, 1, 1), date(2024, 6, 30)),  # nothing in it
]


def _fill(conn: Any, rng: random.Random, me: int, people: list[int]) -> None:
    """Gives, intros, referrals with histories and one-to-ones between me and a few people
    (so that the top lists tie), some among others only."""
    everyone = [me, *people]
    cents = [None, 0, 1, 10, 99_999, 150_000]
    for _ in range(rng.randint(0, 60)):
        giver, receiver = rng.sample(everyone, 2) if rng.random() < 0.3 else (
            (me, rng.choice(people)) if rng.random() < 0.5 else (rng.choice(people), me)
        )  # fmt: skip
        kind = rng.choice(["referral", "business", "advice", "gift", "referral"])
        status = (
            rng.choice(["open", "contacted", "business", "declined"])
            if kind == "referral"
            else None
        )
        day = rng.choice(DAYS)
        status_on = rng.choice([day, *DAYS]) if status else None
        closed = rng.choice(cents) if status == "business" else None
        conn.execute(
            "INSERT INTO give (giver_id, receiver_id, text, kind, value_cents, date, "
            "created_at, status, status_on, hot, closed_value_cents) "
            "VALUES (?, ?, 't', ?, ?, ?, ?, ?, ?, 3, ?)",
            (giver, receiver, kind, rng.choice(cents), day, STAMP, status, status_on, closed),
        )
        if status and status != "open":
            [(give_id,)] = conn.execute("SELECT max(g.id) FROM give g").fetchall()
            for change in rng.sample(DAYS, rng.randint(0, 2)):
                conn.execute(
                    "INSERT INTO status_change (give_id, status, date, created_at) "
                    "VALUES (?, ?, ?, ?)",
                    (give_id, rng.choice(["open", status]), change, STAMP),
                )
    for _ in range(rng.randint(0, 40)):
        by, a, b = rng.sample(everyone, 3) if rng.random() < 0.6 else (
            me, *rng.sample(people, 2)
        )  # fmt: skip
        status = rng.choice(["proposed", "made", "met", "business", "declined"])
        outcome = rng.choice([None, *DAYS]) if status not in ("proposed", "made") else None
        conn.execute(
            "INSERT INTO intro (by_id, a_id, b_id, date, status, value_cents, outcome_on, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (by, a, b, rng.choice(DAYS), status, rng.choice(cents), outcome, STAMP),
        )
    for _ in range(rng.randint(0, 8)):
        conn.execute(
            "INSERT INTO interaction (kind, date, created_at) VALUES (?, ?, ?)",
            (rng.choice(["one-to-one", "call"]), rng.choice(DAYS), STAMP),
        )
    if isinstance(conn, sqlite3.Connection):
        conn.commit()  # (a PostgreSQL connection here is in autocommit mode)


@pytest.mark.parametrize("seed", range(8))
def test_report_summed_in_sql_is_the_report_of_the_records(net: Any, env: Path, seed: int):
    rng = random.Random(seed)
    names = ["Anna Blu", "Bruno Verdi", "Carla Neri", "Dario Bianchi", "Èlena Rossi", "Ugo Blu"]
    for name in names[: rng.randint(2, len(names))]:
        net("add", name)
    conn = sqlite3.connect(env)
    conn.row_factory = sqlite3.Row
    me = queries.me_id(conn)
    people = [r[0] for r in conn.execute("SELECT id FROM contact WHERE id <> ?", (me,))]
    _fill(conn, rng, me, people)
    for since, until in PERIODS:
        assert load_report(conn, since, until) == load_report_from_records(conn, since, until)


def test_the_period_is_summed_from_indexes_alone(net: Any, env: Path, monkeypatch):
    """Every statement `net report` runs over the period reads its gives and my intros
    through a covering index (schema 15), and scans no records table."""
    net("add", "Anna Blu")
    conn = sqlite3.connect(env)
    me = queries.me_id(conn)
    _fill(conn, random.Random(1), me, [r[0] for r in conn.execute("SELECT id FROM contact")])
    conn.execute("ANALYZE")
    conn.commit()
    statements: list[str] = []
    original = db.apply_pragmas

    def tracing(traced: sqlite3.Connection) -> None:
        original(traced)
        traced.set_trace_callback(statements.append)

    monkeypatch.setattr(db, "apply_pragmas", tracing)
    net("report", "--json")
    monkeypatch.setattr(db, "apply_pragmas", original)
    steps = {
        s: [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {s}")]
        for s in dict.fromkeys(statements)
        if s.lstrip().upper().startswith("SELECT") and " BETWEEN " in s  # the period's reads
    }
    assert any("GROUP BY g.date" in s for s in steps)  # the sums were seen
    problems = {
        s: step
        for s, plan in steps.items()
        for step in plan
        if step.startswith(("SCAN give", "SCAN intro", "SCAN interaction"))
        or (step.startswith("SEARCH g ") and "(date>" in step and "COVERING" not in step)
        or (step.startswith("SEARCH i ") and "(by_id=" in step and "COVERING" not in step)
    }
    assert problems == {}


@pytest.mark.parametrize("seed", range(3))
def test_the_sums_are_the_same_on_postgresql(net: Any, backend: str, seed: int):
    """PostgreSQL runs the same statements (its sums are NUMERIC, its NULLs sort first)."""
    if not backend.startswith("postgresql"):
        return  # the SQLite side is the test above
    from netcli.store import pg

    rng = random.Random(seed)
    for name in ["Anna Blu", "Bruno Verdi", "Carla Neri", "Dario Bianchi"]:
        net("add", name)
    conn = pg.connect(backend)
    try:
        me = queries.me_id(conn)
        people = [r[0] for r in conn.execute("SELECT id FROM contact WHERE id <> ?", (me,))]
        _fill(conn, rng, me, people)
        for since, until in PERIODS:
            assert load_report(conn, since, until) == load_report_from_records(conn, since, until)
    finally:
        conn.close()
