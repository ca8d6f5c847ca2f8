"""Tag cadences (`net config every.tag.TAG`) keep `net due` index-driven: the due query reads
contact.next_due through its index, and the statements that find tagged contacts and their
cadences search indexes, never scan the contact or tag table (EXPLAIN QUERY PLAN)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from netcli.store import db

COMMANDS = [
    ("config", "every.tag.bni", "2w"),
    ("edit", "carla", "--tag", "bni"),
    ("due",),
    ("list", "--sort", "due"),
    ("show", "anna"),
    ("log", "anna"),
]


def test_tag_cadence_statements_search_indexes(net, env: Path, monkeypatch: pytest.MonkeyPatch):
    net("add", "Anna Blu", "--tag", "bni")
    net("add", "Bruno Verdi", "--tag", "vip")
    net("add", "Carla Neri")
    conn = sqlite3.connect(env)
    stamp = "2026-01-01T09:00:00+00:00"
    conn.executemany(
        "INSERT INTO contact (name, search_key, trust, is_me, archived, created_at, "
        "updated_at) VALUES (?, ?, 3, 0, 0, ?, ?)",
        [(f"Persona {i}", f"persona {i}", stamp, stamp) for i in range(2000)],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO tag (contact_id, tag) SELECT id, ? FROM contact WHERE id % ? = 0",
        [("bni", 7), ("vip", 3), ("x", 2)],
    )
    conn.commit()
    conn.execute("ANALYZE")
    conn.commit()
    conn.close()
    statements: list[str] = []
    original = db.apply_pragmas

    def tracing(conn: sqlite3.Connection) -> None:
        original(conn)
        conn.set_trace_callback(statements.append)

    monkeypatch.setattr(db, "apply_pragmas", tracing)
    for args in COMMANDS:
        net(*args)
    monkeypatch.setattr(db, "apply_pragmas", original)
    cadence = [s for s in dict.fromkeys(statements) if "every.tag." in s or "t.tag IN" in s]
    due = [s for s in dict.fromkeys(statements) if "next_due <=" in s]
    assert cadence and due
    conn = sqlite3.connect(env)
    for sql in cadence + due:
        steps = [row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
        scans = [s for s in steps if re.match(r"SCAN (contact|tag|setting|c|t|s)\b", s)]
        assert scans == [], (sql, steps)
    conn.close()
    due_names = {r["contact"] for r in net.json("due", "--days", "30")}
    assert {"Anna Blu", "Carla Neri"} <= due_names and len(due_names) > 100
    assert "Bruno Verdi" not in due_names
