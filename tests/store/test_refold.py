"""Schema 3: stored search keys are folded again, so old stores match the way new ones do."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from netcli.store import migrations


def _as_schema_2(env: Path, keys: dict[str, str]) -> None:
    """Put back the keys the fold before schema 3 stored, and the version that went with it."""
    conn = sqlite3.connect(env)
    conn.executemany("UPDATE contact SET search_key = ? WHERE name = ?", list(keys.items()))
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()


def test_opening_a_schema_2_store_refolds_its_search_keys(net, env: Path):
    assert migrations.latest() >= 3
    net("add", "Filippo D’Amico")
    net("add", "Ma\u200bria Rossi", "--force")
    _as_schema_2(
        env, {"filippo d’amico": "Filippo D’Amico", "ma\u200bria rossi": "Ma\u200bria Rossi"}
    )

    assert net.json("show", "d'amico")["name"] == "Filippo D’Amico"  # migrates, then matches
    conn = sqlite3.connect(env)
    keys = dict(conn.execute("SELECT name, search_key FROM contact").fetchall())
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.close()
    assert keys == {
        "Me": "me",
        "Filippo D’Amico": "filippo d'amico",
        "Ma\u200bria Rossi": "maria rossi",
    }
    assert version == migrations.latest()
    assert list(env.parent.glob("net.db.v2-*.bak"))  # the usual backup came first
    # the duplicate check now sees the zero-width space for what it is
    result = net("add", "Maria Rossi", code=3)
    assert "already has this name" in result.stderr


def test_refold_leaves_me_as_me(net, env: Path):
    net("edit", "me", "--name", "Giulia D’Amico")
    _as_schema_2(env, {})
    net("list")
    conn = sqlite3.connect(env)
    assert conn.execute("SELECT search_key FROM contact WHERE is_me").fetchone() == ("me",)
    conn.close()
