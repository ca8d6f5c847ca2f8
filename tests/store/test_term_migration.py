"""Schema 12: a store without the term index gets it, filled, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from test_db import schema

from netcli.services.matching import index_rows
from netcli.store import migrations, terms


def _fill(net: Any) -> None:
    net("add", "Nicolò D’Àngelo", "--category", "Commercialista", "--city", "Forlì",
        "--tag", "bni", "--skills", "bilanci, successioni")  # fmt: skip
    net("add", "Bruno Verdi", "--company", "Studio Notarile Verdi", "--title", "Notaio")
    net("ask", "bruno", "Un commercialista per un cliente", "--tag", "fisco")
    net("got", "nicolo", "Presentato a un designer")


def test_a_store_without_the_term_index_migrates_to_what_a_fresh_store_is(net, env: Path):
    _fill(net)
    fresh = schema(env)
    who = net.json("who", "commercialista")
    needs = net.json("who", "--needs", "commercialista")
    conn = sqlite3.connect(env)
    rows = terms.all_rows(conn)
    conn.execute("DROP TABLE term")
    conn.execute("PRAGMA user_version = 11")
    conn.commit()
    conn.close()
    assert net.json("who", "commercialista") == who  # the read migrates first
    assert net.json("who", "--needs", "commercialista") == needs
    assert schema(env) == fresh
    conn = sqlite3.connect(env)
    assert terms.all_rows(conn) == rows == index_rows(terms.all_sources(conn))
    # the step is idempotent: run again, it changes nothing
    migrations.MIGRATIONS[12](conn)
    conn.commit()
    assert terms.all_rows(conn) == rows
    conn.close()
    assert schema(env) == fresh


def test_a_postgresql_store_without_the_term_index_gets_it(net, pg_store: str) -> None:
    from test_postgres import psql

    _fill(net)
    who = net.json("who", "commercialista")
    assert [r["contact"] for r in who] == ["Nicolò D’Àngelo"]
    rows = set(psql(pg_store, "SELECT term, contact_id, field FROM term"))
    assert ("commercialist", 2, "category") in rows and ("fisc", 3, "ask") in rows
    psql(pg_store, "DROP TABLE term")
    psql(pg_store, "UPDATE netcli_meta SET value = '11' WHERE key = 'schema_version'")
    assert net.json("who", "commercialista") == who
    assert set(psql(pg_store, "SELECT term, contact_id, field FROM term")) == rows
    version = psql(pg_store, "SELECT value FROM netcli_meta WHERE key = 'schema_version'")
    assert version == [(str(migrations.latest()),)]
    # prefixes are key ranges there too: "design" finds the designer's give
    assert [r["contact"] for r in net.json("who", "design")] == ["Nicolò D’Àngelo"]
