"""Reads of `net graph`: the people and the relationships drawn between them (portable SQL)."""

from __future__ import annotations

import sqlite3

# An intro's strength grows with its outcome, as in the trust graph (spec §9).
_STRENGTH = "CASE status WHEN 'met' THEN 4 WHEN 'business' THEN 5 ELSE 3 END"
EDGES_SQL = f"""
SELECT a_id, b_id, strength, 'link' AS kind FROM link
UNION ALL SELECT by_id, a_id, {_STRENGTH}, 'introducer' FROM intro
UNION ALL SELECT by_id, b_id, {_STRENGTH}, 'introducer' FROM intro
UNION ALL SELECT a_id, b_id, {_STRENGTH}, 'intro' FROM intro WHERE status <> 'declined'
UNION ALL SELECT via_id, id, 3, 'intro' FROM contact WHERE via_id IS NOT NULL
"""


def relationship_edges(conn: sqlite3.Connection) -> list[tuple[int, int, int, str]]:
    """(a, b, strength, kind) for every link ('link'), every pair an intro joined ('intro'),
    and the introducer with each of them ('introducer', `a` being the introducer)."""
    return [(r[0], r[1], r[2], r[3]) for r in conn.execute(EDGES_SQL)]


def people(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every contact: id, name, category, archived, is_me."""
    return list(conn.execute("SELECT id, name, category, archived, is_me FROM contact"))
