"""The store file: modes, pragmas, schema versions, foreign and corrupt files (spec §2)."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest

from netcli.store import db, migrations


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_store_is_private_even_under_umask_022(net_proc, tmp_path: Path):
    store = tmp_path / "deep" / "er" / "net.db"
    old = os.umask(0o022)
    try:
        result = net_proc("--db", str(store), "add", "Anna Blu")
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr
    assert mode(store) == 0o600
    assert mode(store.parent) == 0o700 and mode(store.parent.parent) == 0o700
    conn = sqlite3.connect(store)  # keep the WAL open to see its files
    conn.execute("SELECT 1 FROM contact").fetchall()
    for suffix in ("-wal", "-shm"):
        sidecar = Path(str(store) + suffix)
        if sidecar.exists():
            assert mode(sidecar) == 0o600
    conn.close()


def test_default_store_in_the_user_data_folder(net_proc, tmp_path: Path, monkeypatch):
    monkeypatch.delenv("NET_DB")
    result = net_proc("db", "path")
    path = Path(result.stdout.strip())
    assert path.name == "net.db" and "netcli" in path.parts
    assert str(path).startswith(str(tmp_path))  # HOME/XDG_DATA_HOME point into the test folder
    net_proc("add", "Anna Blu")
    assert mode(path) == 0o600 and mode(path.parent) == 0o700


def test_db_option_wins_over_env(net, env: Path, tmp_path: Path):
    other = tmp_path / "other.db"
    assert net("--db", str(other), "db", "path").stdout.strip() == str(other)
    assert net("db", "path").stdout.strip() == str(env)


def test_pragmas_on_every_connection(env: Path, net):
    net("add", "Anna Blu")
    conn = db.connect_read(env)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
        assert conn.execute("PRAGMA application_id").fetchone()[0] == db.APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.latest()
        with pytest.raises(sqlite3.OperationalError):
            conn.execute("DELETE FROM contact")  # read connections cannot write
    finally:
        conn.close()


def test_write_transactions_have_foreign_keys_and_begin_immediate(env: Path, net):
    net("add", "Anna Blu")
    with db.write_connection(env) as conn:
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.in_transaction
        other = sqlite3.connect(env, timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")  # the write lock is already ours
        other.close()


def _write_version(path: Path, version: int) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()


def test_newer_store_refused_and_untouched(net, net_proc, env: Path):
    net("add", "Anna Blu")
    _write_version(env, migrations.latest() + 1)
    db.checkpoint(env)
    before = digest(env)
    for args in (["list"], ["add", "Carlo Neri"], ["show", "anna"]):
        result = net_proc(*args)
        assert result.returncode == 4
        assert result.stderr.startswith("error: ") and "newer netcli" in result.stderr
        assert "Traceback" not in result.stderr
    assert digest(env) == before


def test_random_bytes_are_exit_4(net_proc, env: Path):
    env.write_bytes(os.urandom(8192))
    before = digest(env)
    result = net_proc("list")
    assert result.returncode == 4
    assert result.stderr == f"error: {env} is corrupt or not a netcli store\n"
    assert digest(env) == before


def test_truncated_store_is_exit_4(net, net_proc, env: Path):
    for i in range(50):
        net("add", f"Person {i}", "--note", "x" * 500)
    db.checkpoint(env)
    data = env.read_bytes()
    env.write_bytes(data[: len(data) // 3])
    result = net_proc("list")
    assert result.returncode == 4, result.stderr
    assert result.stderr.startswith("error: ")


def test_another_programs_sqlite_file_is_refused(net_proc, env: Path):
    conn = sqlite3.connect(env)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
    conn.commit()
    conn.close()
    before = digest(env)
    result = net_proc("add", "Anna Blu")
    assert result.returncode == 4
    assert "another program" in result.stderr
    assert digest(env) == before


def test_empty_file_becomes_a_store(net, env: Path):
    env.touch()
    net("add", "Anna Blu")
    assert net.json("list")[0]["name"] == "Anna Blu"


def test_impossible_store_path_is_exit_4(net_proc, tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = net_proc("--db", str(blocker / "net.db"), "add", "Anna Blu")
    assert result.returncode == 4
    assert result.stderr.startswith(f"error: cannot open the store {blocker / 'net.db'}")
    assert len(result.stderr.splitlines()) == 1
    result = net_proc("--db", str(blocker / "net.db"), "list")
    assert result.returncode == 4
    assert result.stderr.startswith(f"error: no store at {blocker / 'net.db'}")


def test_older_store_is_migrated_after_a_backup(net, env: Path, monkeypatch):
    net("add", "Anna Blu")

    def add_column(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE contact ADD COLUMN nickname TEXT")

    old_version = migrations.latest()
    monkeypatch.setitem(migrations.MIGRATIONS, old_version + 1, add_column)
    assert migrations.latest() == old_version + 1
    assert net.json("list")[0]["name"] == "Anna Blu"
    conn = sqlite3.connect(env)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == old_version + 1
    assert "nickname" in [r[1] for r in conn.execute("PRAGMA table_info(contact)")]
    conn.close()
    [backup] = list(env.parent.glob(f"net.db.v{old_version}-*.bak"))
    assert mode(backup) == 0o600
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == old_version
    assert old.execute("SELECT name FROM contact WHERE id = 2").fetchone()[0] == "Anna Blu"
    old.close()


def test_failing_migration_leaves_the_store_as_it_was(net, env: Path, monkeypatch):
    net("add", "Anna Blu")

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE contact ADD COLUMN nickname TEXT")
        raise sqlite3.OperationalError("disk I/O error")

    old_version = migrations.latest()
    monkeypatch.setitem(migrations.MIGRATIONS, old_version + 1, broken)
    net("list", code=4)
    conn = sqlite3.connect(env)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == old_version
    assert "nickname" not in [r[1] for r in conn.execute("PRAGMA table_info(contact)")]


def test_migration_registry_is_ordered():
    steps = {3: lambda c: None, 2: lambda c: None}
    original = dict(migrations.MIGRATIONS)
    migrations.MIGRATIONS.clear()
    migrations.MIGRATIONS.update(steps)
    try:
        assert [v for v, _ in migrations.pending(1)] == [2, 3]
        assert [v for v, _ in migrations.pending(2)] == [3]
    finally:
        migrations.MIGRATIONS.clear()
        migrations.MIGRATIONS.update(original)


def test_db_check_ok_and_broken(net, env: Path):
    net("add", "Anna Blu")
    assert net("db", "check").stdout == "ok\n"
    assert net.json("db", "check")["ok"] is True
    conn = sqlite3.connect(env)  # foreign keys off here: plant a dangling reference
    conn.execute("INSERT INTO tag (contact_id, tag) VALUES (999, 'ghost')")
    conn.commit()
    conn.close()
    result = net("db", "check", code=4)
    assert "tag row" in result.stdout and "failed its check" in result.stderr


def test_backup_is_a_private_consistent_copy(net, env: Path, tmp_path: Path):
    net("add", "Anna Blu")
    dest = tmp_path / "copy.db"
    assert net("backup", str(dest)).stdout == f"Backed up to {dest}\n"
    assert mode(dest) == 0o600
    copy = sqlite3.connect(dest)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT name FROM contact WHERE id = 2").fetchone()[0] == "Anna Blu"
    copy.close()
    assert "already exists" in net("backup", str(dest), code=3).stderr
    net("backup", str(dest), "--force")
    default = net("backup").stdout.removeprefix("Backed up to ").strip()
    assert Path(default).parent == env.parent / "backups"
    assert mode(Path(default).parent) == 0o700


def test_config_list_get_set(net, store):
    assert net.json("config") == {
        "currency": "EUR",
        "dates.order": "dmy",
        "due.ask_days": "14",
        "due.intro_days": "7",
        "due.proposed_days": "3",
        "due.referral_days": "2",
    }
    assert net("config", "currency", "usd").stdout == "currency = USD\n"
    assert net("config", "currency").stdout == "USD\n"
    assert "unknown setting 'colour'" in net("config", "colour", code=3).stderr
    assert "dmy or mdy" in net("config", "dates.order", "ymd", code=3).stderr
    net("config", "dates.order", "mdy")
    net("add", "Anna Blu", "--met-on", "01/12/2026")
    assert net.json("show", "anna")["met_on"] == "2026-01-12"


def test_read_commands_never_write(net, net_proc, env: Path):
    net("add", "Anna Blu", "--every", "1m", "--tag", "bni")
    net("add", "Carlo Neri", "--via", "anna")
    net("give", "anna", "a client", "--value", "100")
    db.checkpoint(env)
    before = digest(env)
    for args in (
        ["list"],
        ["show", "anna"],
        ["find", "bni"],
        ["due"],
        ["balance"],
        ["intros"],
        ["gives"],
        ["asks"],
        ["export"],
        ["digest"],
        ["report"],
        ["path", "carlo"],
        ["who", "bni"],
        ["match"],
        ["dupes"],
        ["db", "check"],
        ["config"],
    ):
        result = net_proc(*args)
        assert result.returncode == 0, (args, result.stderr)
    db.checkpoint(env)
    assert digest(env) == before


def tag_lists(path: Path) -> dict[str, str | None]:
    conn = sqlite3.connect(path)
    try:
        stored = dict(conn.execute("SELECT name, tag_list FROM contact WHERE is_me = 0"))
        computed = {
            name: ", ".join(sorted(tags.split("\x1f"))) if tags else None
            for name, tags in conn.execute(
                "SELECT c.name, group_concat(t.tag, char(31)) FROM contact c "
                "LEFT JOIN tag t ON t.contact_id = c.id WHERE c.is_me = 0 GROUP BY c.id"
            )
        }
    finally:
        conn.close()
    assert stored == computed
    return stored


def test_tag_list_follows_every_way_tags_change(net, env: Path, tmp_path: Path):
    """contact.tag_list (read by `net list`) is kept by triggers, whoever writes the tags."""
    net("add", "Anna Blu", "--tag", "vip", "--tag", "bni")
    net("add", "Bruno Verdi", "--tag", "zeta")
    net("add", "Carla Neri")
    assert tag_lists(env)["Anna Blu"] == "bni, vip"
    net("edit", "Carla", "--tag", "àccento", "--tag", "alfa")
    net("edit", "Anna", "--untag", "vip")
    assert tag_lists(env)["Anna Blu"] == "bni"
    net("edit", "Anna", "--untag", "bni")
    assert tag_lists(env)["Anna Blu"] is None
    net("merge", "Bruno", "Carla", "--yes")  # Carla's tags move to Bruno
    csv = tmp_path / "people.csv"
    csv.write_text("Name,Email\nDora Gialli,dora@example.it\nBruno Verdi,\n", encoding="utf-8")
    net("import", str(csv), "--tag", "imported")
    net("rm", "Anna", "--yes")
    assert tag_lists(env) == {
        "Bruno Verdi": "alfa, imported, zeta, àccento",
        "Dora Gialli": "imported",
    }
    conn = sqlite3.connect(env)  # any writer, even one that is not netcli
    conn.execute("UPDATE tag SET tag = 'aaa' WHERE tag = 'zeta'")
    conn.commit()
    conn.close()
    assert tag_lists(env)["Bruno Verdi"] == "aaa, alfa, imported, àccento"
    assert [r["tags"] for r in net.json("list")] == [
        ["aaa", "alfa", "imported", "àccento"],
        ["imported"],
    ]
    assert net("list", "--format", "tsv").stdout.splitlines()[1].split("\t")[4] == (
        "aaa, alfa, imported, àccento"
    )


def schema(path: Path) -> dict[str, Any]:
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            "columns": {t: conn.execute(f"PRAGMA table_info({t})").fetchall() for t in tables},
            "indexes": {
                name: conn.execute(f"PRAGMA index_xinfo({name})").fetchall()
                for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")
            },
            "triggers": dict(
                conn.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger'")
            ),
            "version": conn.execute("PRAGMA user_version").fetchone()[0],
        }
    finally:
        conn.close()


# The tag_list triggers as schema 2 to 5 wrote them (unaliased subquery).
_OLD_TAG_LIST = (
    "UPDATE contact SET tag_list = (SELECT group_concat(tag, ', ') FROM "
    "(SELECT tag FROM tag WHERE contact_id = {row}.contact_id ORDER BY tag)) "
    "WHERE id = {row}.contact_id;"
)
SCHEMA_5_TRIGGERS = {
    "tag_list_insert": "CREATE TRIGGER tag_list_insert AFTER INSERT ON tag BEGIN "
    + _OLD_TAG_LIST.format(row="NEW")
    + " END",
    "tag_list_delete": "CREATE TRIGGER tag_list_delete AFTER DELETE ON tag BEGIN "
    + _OLD_TAG_LIST.format(row="OLD")
    + " END",
    "tag_list_update": "CREATE TRIGGER tag_list_update AFTER UPDATE ON tag BEGIN "
    + _OLD_TAG_LIST.format(row="OLD")
    + " "
    + _OLD_TAG_LIST.format(row="NEW")
    + " END",
}


def _drop_columns(conn: sqlite3.Connection, table: str, dropped: set[str]) -> None:
    """Rebuild `table` without `dropped` (SQLite cannot drop a column a foreign key uses),
    keeping its other indexes."""
    info = conn.execute(f"PRAGMA table_info({table})").fetchall()
    kept = [r for r in info if r[1] not in dropped]
    indexes = [
        sql
        for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL",
            (table,),
        )
        if not any(f"{c}" in sql.split("(", 1)[1] for c in dropped)
    ]
    defs = ", ".join(
        f"{r[1]} {r[2]}" + (" NOT NULL" if r[3] else "") + (" PRIMARY KEY" if r[5] else "")
        for r in kept
    )
    names = ", ".join(r[1] for r in kept)
    conn.execute(f"CREATE TABLE {table}_old ({defs})")
    conn.execute(f"INSERT INTO {table}_old SELECT {names} FROM {table}")
    conn.execute(f"DROP TABLE {table}")
    conn.execute(f"ALTER TABLE {table}_old RENAME TO {table}")
    for sql in indexes:
        conn.execute(sql)


def back_to_schema_6(conn: sqlite3.Connection) -> None:
    """Schema 6: no referral lifecycle (step 7), no GAINS (9), no group tables (11)."""
    for table in reversed(migrations.GROUP_TABLES):
        conn.execute(f"DROP TABLE {table}")
    for indexes in migrations.REPORT_INDEXES.values():
        for name, _ in indexes:
            conn.execute(f"DROP INDEX IF EXISTS {name}")
    for name, _ in migrations.RESULT_INDEXES.values():  # schema 15's
        conn.execute(f"DROP INDEX {name}")
    for column in migrations.GAINS_COLUMNS:
        conn.execute(f"ALTER TABLE contact DROP COLUMN {column}")
    conn.execute("DROP INDEX ix_intro_date")  # schema 8's
    conn.execute("DROP INDEX ix_ask_created_on")
    conn.execute("ALTER TABLE contact DROP COLUMN birthday_done_for")
    conn.execute("DROP TABLE status_change")
    _drop_columns(conn, "give", {name for name, _ in migrations.REFERRAL_COLUMNS})
    conn.execute("PRAGMA user_version = 6")


def back_to_schema_5(conn: sqlite3.Connection) -> None:
    """Schema 5: no derived key columns, birthdays indexed by an expression, the old triggers."""
    back_to_schema_6(conn)
    conn.execute("DROP INDEX ix_contact_birthday_md")
    for name, _ in migrations.FIND_INDEXES.values():
        conn.execute(f"DROP INDEX {name}")
    for table, columns in migrations.DERIVED_6.items():
        for column in columns:
            conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    conn.execute("CREATE INDEX ix_contact_birthday_md ON contact (substr(birthday, -5))")
    for name, sql in SCHEMA_5_TRIGGERS.items():
        conn.execute(f"DROP TRIGGER {name}")
        conn.execute(sql)
    conn.execute("PRAGMA user_version = 5")


def back_to_schema_2(conn: sqlite3.Connection) -> None:
    """Schema 2 had single-column indexes on the people of give and intro."""
    back_to_schema_5(conn)
    for indexes in migrations.PAIR_INDEXES.values():
        for name, _ in indexes:
            conn.execute(f"DROP INDEX {name}")
    for name in migrations.SINGLE_INDEXES_BEFORE_3:
        table, column = name.removeprefix("ix_").split("_", 1)
        conn.execute(f"CREATE INDEX {name} ON {table} ({column})")
    conn.execute("PRAGMA user_version = 2")


def test_a_schema_2_store_migrates_to_what_a_fresh_store_is(net, env: Path):
    net("add", "Anna Blu")
    net("add", "Bruno Verdi")
    net("give", "anna", "a client", "--value", "100")
    net("intro", "anna", "bruno")
    fresh = schema(env)
    conn = sqlite3.connect(env)
    back_to_schema_2(conn)
    conn.commit()
    conn.close()
    assert schema(env) != fresh
    assert net.json("show", "anna")["last_contact"] == "2026-11-27"
    assert schema(env) == fresh
    assert len(list(env.parent.glob("net.db.v2-*.bak"))) == 1


def test_a_schema_1_store_migrates_to_what_a_fresh_store_is(net, env: Path, tmp_path: Path):
    net("add", "Anna Blu", "--tag", "vip", "--tag", "bni")
    net("add", "Bruno Verdi")
    fresh = schema(env)
    # Take it back to schema 1, as a store written before tag_list existed.
    conn = sqlite3.connect(env)
    back_to_schema_2(conn)
    for name in ("tag_list_insert", "tag_list_delete", "tag_list_update"):
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("DROP INDEX ix_contact_list")
    conn.execute("ALTER TABLE contact DROP COLUMN tag_list")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    assert [r["tags"] for r in net.json("list")] == [["bni", "vip"], []]
    assert schema(env) == fresh
    assert tag_lists(env) == {"Anna Blu": "bni, vip", "Bruno Verdi": None}
    assert net("list").stdout.splitlines()[1].split()[3:5] == ["bni,", "vip"]


def test_a_store_without_gains_migrates_to_what_a_fresh_store_is(net, env: Path):
    net("add", "Anna Blu", "--category", "notaio")
    fresh = schema(env)
    conn = sqlite3.connect(env)
    for column in migrations.GAINS_COLUMNS:
        conn.execute(f"ALTER TABLE contact DROP COLUMN {column}")
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()
    assert net.json("show", "anna")["gains"] == dict.fromkeys(migrations.GAINS_COLUMNS)
    assert schema(env) == fresh
    net("edit", "anna", "--skills", "successioni")
    assert net.json("show", "anna")["gains"]["skills"] == "successioni"
    # the steps are idempotent: run again on a store that has the columns, they change nothing
    # (step 15 drops the index step 9 makes, which its wider one replaces)
    conn = sqlite3.connect(env)
    for _, step in migrations.pending(8):
        step(conn)
    conn.commit()  # step 12 writes rows: what follows it runs in that transaction
    conn.close()
    assert schema(env) == fresh


def test_a_migration_killed_in_its_backup_leaves_no_empty_bak(net, env: Path, monkeypatch):
    """The pre-migration backup is written whole (temporary file, rename) or not at all."""
    net("add", "Anna Blu")
    real_backup = db.backup_to

    def killed(conn: sqlite3.Connection, dest: Path) -> None:
        real_backup(conn, dest)
        with open(dest, "r+b") as half:  # as if stopped halfway through the copy
            half.truncate(dest.stat().st_size // 2)
        raise KeyboardInterrupt

    old_version = migrations.latest()
    monkeypatch.setitem(migrations.MIGRATIONS, old_version + 1, lambda conn: None)
    monkeypatch.setattr(db, "backup_to", killed)
    assert net("list", code=130).stderr == "error: interrupted; nothing was changed\n"
    assert sorted(p.name for p in env.parent.iterdir() if p.name.startswith("net.db.")) == []
    assert sorted(p.name for p in env.parent.iterdir() if p.name.startswith(".")) == []
    monkeypatch.setattr(db, "backup_to", real_backup)
    assert net.json("list")[0]["name"] == "Anna Blu"
    [backup] = list(env.parent.glob(f"net.db.v{old_version}-*.bak"))
    assert mode(backup) == 0o600


def _tamper(path: Path, statement: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute(statement)
    conn.commit()
    conn.close()


def test_db_check_finds_and_repairs_drifting_derived_columns(net, env: Path):
    net("add", "Anna Blu", "--tag", "bni", "--every", "1m")
    net("add", "Bruno Verdi")
    net("log", "anna", "bruno", "-m", "caffè", "--date", "yesterday")
    net("remind", "bruno", "2026-12-10")
    assert net("db", "check").stdout == "ok\n"
    _tamper(env, "UPDATE contact SET tag_list = 'vip', next_due = '2000-01-01' WHERE id = 2")
    _tamper(env, "UPDATE contact SET last_contact = NULL WHERE id = 3")
    result = net("db", "check", code=4)
    assert result.stdout == (
        "contact #2 Anna Blu: tag_list, next_due do not match their sources\n"
        "contact #3 Bruno Verdi: last_contact does not match its source\n"
    )
    assert "2 contacts with derived columns that drift" in result.stderr
    assert "--repair" in result.stderr
    doc = json.loads(net("db", "check", "--json", code=4).stdout)
    assert doc["ok"] is False and [d["id"] for d in doc["drift"]] == [2, 3]
    repaired = net("db", "check", "--repair")
    assert repaired.stdout.splitlines() == [
        "contact #2 Anna Blu: tag_list, next_due repaired",
        "contact #3 Bruno Verdi: last_contact repaired",
    ]
    assert net("db", "check").stdout == "ok\n"
    anna = net.json("show", "anna")
    assert anna["tags"] == ["bni"] and anna["last_contact"] == "2026-11-26"


def test_a_demo_store_has_no_drift(net, env: Path):
    """The check's rules and the write path agree on every contact of a realistic store."""
    net("demo")
    assert net("db", "check").stdout == "ok\n"


def test_a_schema_2_store_gets_the_category_in_its_list_index(net, env: Path):
    net("add", "Anna Blu", "--category", "avvocato", "--tag", "bni")
    fresh = schema(env)
    conn = sqlite3.connect(env)  # back to schema 2: the list index without the category
    conn.execute("DROP INDEX ix_contact_list")
    conn.execute(
        "CREATE INDEX ix_contact_list ON contact (archived, is_me, search_key, id, name, "
        "company, tag_list, last_contact, next_due)"
    )
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    assert net("list", "--format", "csv").stdout.splitlines()[1] == "2,Anna Blu,,avvocato,bni,,"
    assert schema(env) == fresh
    conn = sqlite3.connect(env)
    plan = conn.execute(
        "EXPLAIN QUERY PLAN SELECT c.id, c.name, c.company, c.category, c.tag_list, "
        "c.last_contact, c.next_due FROM contact c WHERE c.archived = 0 AND c.is_me = 0 "
        "ORDER BY c.search_key, c.id"
    ).fetchall()
    conn.close()
    assert "COVERING INDEX ix_contact_list" in str(plan)
