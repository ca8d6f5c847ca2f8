"""Schema 6: folded search keys and birthday_md written by Python on every write, 64-bit money.

Search reads the stored keys instead of a fold() SQL function (no database but SQLite could
run it), so every write path must write them: `keys.stale_keys` lists any that disagree with
their source, and it is run here after every kind of write command.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_db import back_to_schema_5, schema

from netcli.store import keys, migrations
from netcli.text import fold, like_escape


def stale(path: Path) -> list[tuple[str, int, str]]:
    conn = sqlite3.connect(path)
    try:
        return keys.stale_keys(conn)
    finally:
        conn.close()


def column(path: Path, sql: str) -> list[Any]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute(sql)]
    finally:
        conn.close()


def fill(net: Any) -> None:
    net(
        "add", "Nicolò D’Àngelo", "--company", "Caffè D’Angelo", "--title", "Avvocàto",
        "--category", "Commercialista", "--city", "Forlì", "--note", "Ama l'opera",
        "--birthday", "2000-02-29", "--tag", "caffè", "--tag", "bni",
    )  # fmt: skip
    net("add", "Bruno Verdi", "--company", "ACME", "--birthday", "03-14")
    net("log", "nicolo", "bruno", "-m", "Pranzo al Caffè Né")
    net("ask", "bruno", "Un notaio a Cesena")
    net("give", "nicolo", "Presentato al notaio Zoë", "--value", "1.200")


def test_every_write_command_keeps_the_keys(net, env: Path, tmp_path: Path):
    fill(net)
    assert stale(env) == []
    net("edit", "nicolo", "--company", "Società Ùno", "--city", "Cesena", "--birthday", "05-06")
    net("edit", "bruno", "--add-note", "Già cliente", "--tag", "Perù", "--category", "Notàio")
    net("edit", "bruno", "--title", "Socio", "--untag", "perù")
    net("got", "bruno", "Un cliente à Forlì")
    net("add", "Carla Neri", "--note", "Ciao")
    net("merge", "bruno", "carla", "--yes")
    assert stale(env) == []
    company, city, md = column(
        env, "SELECT company_key || '|' || city_key || '|' || birthday_md FROM contact WHERE id=2"
    )[0].split("|")
    assert (company, city, md) == ("societa uno", "cesena", "05-06")
    # imports: a CSV into this store, then the JSON document into another (restore), and
    # into this one again (merge)
    csv = tmp_path / "in.csv"
    csv.write_text("Name,Company,Notes\nDario Bì,Ditta Èrre,Nòte\n", encoding="utf-8")
    net("import", str(csv), "--tag", "Importàto")
    dump = tmp_path / "dump.json"
    net("export", "-o", str(dump))
    assert stale(env) == []
    other = tmp_path / "other.db"
    net("--db", str(other), "import", str(dump))
    assert stale(other) == []
    doc = json.loads(dump.read_text())
    for contact in doc["contacts"]:
        contact["name"] += " Bis"
        contact["emails"] = []
    dump.write_text(json.dumps(doc), encoding="utf-8")
    net("import", str(dump))
    assert stale(env) == []
    assert column(env, "SELECT count(*) FROM contact WHERE company_key = 'ditta erre'") == [2]


def test_the_demo_keeps_the_keys(net, env: Path):
    net("demo")
    assert stale(env) == []
    assert column(env, "SELECT count(*) FROM contact WHERE company_key IS NOT NULL")[0] > 10


def test_a_stale_key_is_found(net, env: Path):
    """What the test above relies on: a write that forgets a key does not go unnoticed."""
    fill(net)
    conn = sqlite3.connect(env)
    conn.execute("UPDATE contact SET company = 'Nuova' WHERE id = 2")
    conn.execute("UPDATE ask SET text = 'altro'")
    conn.execute("UPDATE tag SET tag = 'zzz' WHERE tag = 'bni'")
    conn.commit()
    conn.close()
    assert sorted(stale(env)) == [
        ("ask", 1, "text_key"),
        ("contact", 2, "company_key"),
        ("tag", 2, "tag_key"),
    ]


def test_a_schema_5_store_migrates_to_what_a_fresh_store_is(net, env: Path):
    fill(net)
    fresh = schema(env)
    conn = sqlite3.connect(env)
    back_to_schema_5(conn)
    conn.commit()
    conn.close()
    assert schema(env) != fresh
    assert net("find", "dangelo").stderr == "nothing matches 'dangelo'\n"
    assert schema(env) == fresh
    assert stale(env) == []
    [backup] = env.parent.glob("net.db.v5-*.bak")
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 5
    assert "company_key" not in {r[1] for r in old.execute("PRAGMA table_info(contact)")}
    old.close()
    found = net.json("find", "d'angelo")
    assert [(c["name"], c["matched"]) for c in found] == [("Nicolò D’Àngelo", "name")]
    assert column(env, "SELECT birthday_md FROM contact ORDER BY id") == [None, "02-29", "03-14"]


def test_migration_backfills_every_key(net, env: Path):
    fill(net)
    conn = sqlite3.connect(env)
    back_to_schema_5(conn)
    conn.commit()
    conn.close()
    net("list")
    assert column(env, "SELECT tag_key FROM tag ORDER BY tag") == ["bni", "caffe"]
    assert column(env, "SELECT note_key FROM interaction") == ["pranzo al caffe ne"]
    assert column(env, "SELECT text_key FROM give") == ["presentato al notaio zoe"]
    assert column(env, "SELECT notes_key FROM contact WHERE id = 2") == ["ama l'opera"]


def test_the_step_is_idempotent(net, env: Path):
    """The lead may renumber steps when merging: running step 6 again changes nothing."""
    fill(net)
    fresh = schema(env)
    conn = sqlite3.connect(env)
    migrations.MIGRATIONS[6](conn)
    conn.commit()
    conn.close()
    assert schema(env) == fresh


def test_feb_29_birthdays_are_due_through_birthday_md(net, monkeypatch):
    net("add", "Leo Bisestile", "--birthday", "2000-02-29")
    net("add", "Anna Blu", "--birthday", "03-01")
    monkeypatch.setenv("NET_TODAY", "2027-02-27")  # not a leap year
    due = net.json("due", "--days", "1")
    assert [(d["contact"], d["due"]) for d in due] == [("Leo Bisestile", "2027-02-28")]
    monkeypatch.setenv("NET_TODAY", "2028-02-28")  # a leap year: the 29th itself
    due = net.json("due", "--days", "1")
    assert [(d["contact"], d["due"]) for d in due] == [("Leo Bisestile", "2028-02-29")]


def test_money_is_64_bit(net, env: Path):
    """Cents beyond 32 bits round-trip; the models declare BIGINT for databases that care."""
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateTable

    from netcli.store import models

    net("add", "Anna Blu")
    net("give", "anna", "a building", "--value", "50.000.000")
    assert column(env, "SELECT value_cents FROM give") == [5_000_000_000]
    for table in (models.Give.__table__, models.Intro.__table__):
        ddl = str(CreateTable(table).compile(dialect=postgresql.dialect()))  # type: ignore[arg-type]
        assert "value_cents BIGINT" in ddl


# The search of schema 5, for comparison: fold() as an SQL function over the raw columns.
OLD_FIELDS = [
    "SELECT id FROM contact WHERE search_key LIKE :p ESCAPE '\\'",
    "SELECT id FROM contact WHERE fold(company) LIKE :p ESCAPE '\\'",
    "SELECT id FROM contact WHERE fold(title) LIKE :p ESCAPE '\\'",
    "SELECT id FROM contact WHERE fold(category) LIKE :p ESCAPE '\\'",
    "SELECT id FROM contact WHERE fold(city) LIKE :p ESCAPE '\\'",
    "SELECT contact_id FROM tag WHERE fold(tag) LIKE :p ESCAPE '\\'",
    "SELECT contact_id FROM email WHERE email_key LIKE :p ESCAPE '\\'",
    "SELECT id FROM contact WHERE fold(notes) LIKE :p ESCAPE '\\'",
    "SELECT contact_id FROM ask WHERE fold(text) LIKE :p ESCAPE '\\'",
    "SELECT giver_id FROM give WHERE fold(text) LIKE :p ESCAPE '\\' "
    "UNION SELECT receiver_id FROM give WHERE fold(text) LIKE :p ESCAPE '\\'",
    "SELECT ic.contact_id FROM interaction i JOIN interaction_contact ic "
    "ON ic.interaction_id = i.id WHERE fold(i.note) LIKE :p ESCAPE '\\'",
]


def old_find(conn: sqlite3.Connection, text: str) -> set[int]:
    conn.create_function("fold", 1, fold, deterministic=True)
    pattern = "%" + like_escape(fold(text)) + "%"
    found = {r[0] for sql in OLD_FIELDS for r in conn.execute(sql, {"p": pattern})}
    me = conn.execute("SELECT id FROM contact WHERE is_me = TRUE").fetchone()[0]
    return found - {me}


WORDS = ["Caffè", "CAFFE", "D’Angelo", "d'angelo", "D`Àngelo", "Zoë", "zoe", "Forlì", "né", "ß"]
texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(company=texts, note=texts, tag=texts, ask=texts, query=st.sampled_from(WORDS))
def test_search_on_keys_answers_as_fold_did(net, env: Path, company, note, tag, ask, query):
    from netcli.store import queries

    env.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(str(env) + suffix).unlink(missing_ok=True)
    net("add", "Anna Blu", "--company", company, "--tag", tag, "--force")
    net("add", "Bruno Verdi", "--note", note, "--force")
    net("ask", "bruno", ask)
    net("log", "anna", "-m", note)
    conn = sqlite3.connect(env)
    conn.row_factory = sqlite3.Row
    try:
        new = {row["id"] for row, _ in queries.find_contacts(conn, query)}
        assert new == old_find(conn, query)
    finally:
        conn.close()


def test_due_reads_birthdays_through_their_index(net, env: Path):
    from netcli.store import queries

    net("add", "Anna Blu", "--birthday", "12-01")
    conn = sqlite3.connect(env)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    queries.birthdays_between(conn, [("12-28", "12-31"), ("01-01", "01-04")])
    queries.birthdays_between(conn, [("11-27", "12-04")])
    conn.set_trace_callback(None)
    for sql in statements:
        plan = str(conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall())
        assert "ix_contact_birthday_md (archived=? AND is_me=? AND birthday_md>?" in plan
    conn.close()


def test_new_contact_defaults_are_the_models():
    """Plain INSERTs take their defaults from one mapping; it says what the models say."""
    from netcli.store.contacts import NEW_CONTACT
    from netcli.store.models import Contact

    assert NEW_CONTACT == {name: Contact.model_fields[name].default for name in NEW_CONTACT}
    required = {n for n, f in Contact.model_fields.items() if f.is_required()}
    assert required == {"name", "search_key", "created_at", "updated_at"}


def test_added_and_imported_contacts_get_the_defaults(net, env: Path, tmp_path: Path):
    net("add", "Anna Blu")
    csv = tmp_path / "in.csv"
    csv.write_text("Name,Company\nDario Bì,Ditta\n", encoding="utf-8")
    net("import", str(csv))
    assert column(
        env,
        "SELECT trust || is_me || archived || coalesce(via_id, '-') FROM contact "
        "WHERE id > 1 ORDER BY id",
    ) == ["300-", "300-"]
