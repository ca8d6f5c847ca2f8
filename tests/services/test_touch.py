"""The derived columns: the per-contact refresh, the set-based one of bulk writes and the rule
of spec §1 (latest interaction, give or intro involving both me and the contact) agree."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netcli.services import matching, touch
from netcli.store import db, derived

PEOPLE = 5  # contact ids 2..6, me is 1
person = st.integers(1, PEOPLE + 1)
day = st.dates(date(2026, 1, 1), date(2026, 12, 31)).map(date.isoformat)
gives = st.lists(st.tuples(person, person, day).filter(lambda g: g[0] != g[1]), max_size=8)
intros = st.lists(
    st.tuples(person, person, person, day).filter(lambda i: len(set(i[:3])) == 3), max_size=8
)
interactions = st.lists(st.tuples(st.sets(person, min_size=1, max_size=3), day), max_size=6)
reminders = st.lists(st.tuples(person.filter(lambda p: p > 1), day, st.booleans()), max_size=4)


def build(conn: sqlite3.Connection, data: dict) -> None:  # type: ignore[type-arg]
    stamp = "2026-01-01T09:00:00+00:00"
    conn.executemany(
        "INSERT INTO contact (id, name, search_key, trust, is_me, archived, created_at, "
        "updated_at, every) VALUES (?, ?, ?, 3, 0, 0, ?, ?, ?)",
        [(i, f"P {i}", f"p {i}", stamp, stamp, "1m" if i % 2 else None)
         for i in range(2, PEOPLE + 2)],
    )  # fmt: skip
    conn.executemany(
        "INSERT INTO give (giver_id, receiver_id, text, kind, date, created_at) "
        "VALUES (?, ?, 'x', 'referral', ?, ?)",
        [(*g, stamp) for g in data["gives"]],
    )
    conn.executemany(
        "INSERT INTO intro (by_id, a_id, b_id, date, status, created_at) "
        "VALUES (?, ?, ?, ?, 'made', ?)",
        [(*i, stamp) for i in data["intros"]],
    )
    for k, (people, on) in enumerate(data["interactions"], start=1):
        conn.execute(
            "INSERT INTO interaction (id, kind, date, created_at) VALUES (?, 'call', ?, ?)",
            (k, on, stamp),
        )
        conn.executemany("INSERT INTO interaction_contact VALUES (?, ?)", [(k, p) for p in people])
    conn.executemany(
        "INSERT INTO reminder (contact_id, date, done_on, created_at) VALUES (?, ?, ?, ?)",
        [(c, on, on if done else None, stamp) for c, on, done in data["reminders"]],
    )


def expected_last(data: dict, contact: int) -> str | None:  # type: ignore[type-arg]
    dates = [on for people, on in data["interactions"] if contact in people]
    dates += [on for g, r, on in data["gives"] if {g, r} == {1, contact}]
    dates += [on for *three, on in data["intros"] if {1, contact} <= set(three)]
    return max(dates, default=None)


@settings(max_examples=60, deadline=None)
@given(gives=gives, intros=intros, interactions=interactions, reminders=reminders)
def test_per_contact_and_set_based_refresh_agree_with_the_rule(
    store, gives, intros, interactions, reminders
):
    data = {"gives": gives, "intros": intros, "interactions": interactions,
            "reminders": reminders}  # fmt: skip
    conn = store
    conn.execute("BEGIN")
    try:
        build(conn, data)
        ids = list(range(2, PEOPLE + 2))
        select = "SELECT id, last_contact, next_due FROM contact WHERE is_me = 0 ORDER BY id"
        touch.refresh_contacts(conn, ids)
        one_by_one = conn.execute(select).fetchall()
        conn.execute(
            "UPDATE contact SET last_contact = '1999-01-01', next_due = NULL WHERE is_me = 0"
        )
        touch.refresh_all(conn)
        assert conn.execute(select).fetchall() == one_by_one
        assert [r[1] for r in one_by_one] == [expected_last(data, i) for i in ids]
    finally:
        conn.execute("ROLLBACK")


@pytest.fixture(scope="module")
def store() -> Iterator[sqlite3.Connection]:
    """One store for every example: each runs in a transaction that is rolled back."""
    with tempfile.TemporaryDirectory() as folder:
        conn = db.open_store(Path(folder) / "net.db", create=True)
        yield conn
        conn.close()


def test_a_large_refresh_goes_set_based(monkeypatch):
    calls = []
    monkeypatch.setattr(touch, "_refresh_all", lambda conn: calls.append("all"))
    monkeypatch.setattr(matching, "refresh_terms", lambda conn, ids: None)
    monkeypatch.setattr(derived, "refresh_last_contact", lambda *a: calls.append("one"))
    monkeypatch.setattr(touch, "_refresh_next_due", lambda *a: None)
    monkeypatch.setattr(touch.queries, "me_id", lambda conn: 1)
    touch.refresh_contacts(None, range(touch.BULK_REFRESH + 1))  # type: ignore[arg-type]
    touch.refresh_contacts(None, range(3))  # type: ignore[arg-type]
    assert calls == ["all", "one"]
