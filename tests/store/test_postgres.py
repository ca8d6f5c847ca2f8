"""PostgreSQL as the store (spec §13): choosing it, creating it, its schema version, its
transactions and its errors. The tests that need a server take the `pg_*` fixtures
(tests/conftest.py): they skip without NET_TEST_PG and fail under CI."""

from __future__ import annotations

import os
from typing import Any

import pytest


def psql(url: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.execute(sql, params or None)  # type: ignore[arg-type]
        return cur.fetchall() if cur.description else []


# --- choosing the backend: no server needed -------------------------------------------------


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://anna:s3cret@db.example.org/net", "postgresql://anna:***@db.example.org/net"),
        ("postgres://anna:s3cret@db:5433/net?sslmode=verify-full",
         "postgres://anna:***@db:5433/net?sslmode=verify-full"),
        ("postgresql:///net?host=/run/pg&password=s3cret", "postgresql:///net?host=/run/pg&password=***"),
        ("postgresql:///net", "postgresql:///net"),
        ("postgresql://?service=netcli", "postgresql://?service=netcli"),
    ],
)  # fmt: skip
def test_db_path_never_prints_the_password(net, url, shown):
    out = net("--db", url, "db", "path").stdout
    assert out == shown + "\n"
    assert "s3cret" not in out


def test_without_psycopg_a_url_says_how_to_install_it(net_proc, tmp_path):
    fake = tmp_path / "nopsycopg" / "psycopg"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('no psycopg here')\n")
    environ = {"PYTHONPATH": f"{fake.parent}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    for args in (["list"], ["add", "Anna"], ["db", "init"]):
        result = net_proc(
            "--db", "postgresql://anna:s3cret@localhost/net", *args, extra_env=environ
        )
        assert result.returncode == 4, result.stderr
        assert result.stderr == "error: PostgreSQL needs psycopg: pip install 'netcli[postgres]'\n"


def test_unreachable_server_is_exit_4_without_the_password(net):
    url = "postgresql://anna:s3cret@127.0.0.1:1/net?connect_timeout=2"
    for args in (["list"], ["add", "Anna"], ["due"]):
        result = net("--db", url, *args, code=4)
        assert result.stderr.startswith(
            "error: cannot reach the PostgreSQL server for postgresql://anna:***@127.0.0.1:1/net"
        )
        assert result.stderr.count("\n") == 1
        assert "s3cret" not in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("sqlstate", "says"),
    [
        ("28P01", "authentication failed for"),
        ("25006", "is read-only"),
        ("42501", "permission denied on"),
        ("55P03", "store busy, try again"),
        ("57014", "statement timeout"),
        ("53100", "the server's disk is full"),
        ("08006", "cannot reach the PostgreSQL server"),
        ("3D000", "no such database"),
    ],
)
def test_sqlstates_map_to_one_clear_line(sqlstate, says):
    from netcli.store.pg import storage_error

    class Failure(Exception):
        pass

    exc = Failure("password s3cret was wrong")
    exc.sqlstate = sqlstate  # type: ignore[attr-defined]
    error = storage_error(exc, "postgresql://anna:s3cret@db/net")
    assert says in error.message
    assert "s3cret" not in error.message
    assert error.exit_code == 4


def test_dialect_shim_rewrites_sqlite_spellings():
    from netcli.store.pg import translate

    sql, returning = translate(
        "INSERT OR IGNORE INTO tag (contact_id, tag) VALUES (?, ?)", with_params=True
    )
    assert (
        sql
        == "INSERT INTO tag (contact_id, tag) VALUES (%s, %s) ON CONFLICT DO NOTHING RETURNING id"
    )
    assert returning
    sql, _ = translate(
        "SELECT group_concat(t, ', ') FROM (SELECT tag AS t FROM tag) WHERE +c.archived = 0 "
        "AND name LIKE '%x' AND id = :id",
        with_params=True,
    )
    assert sql == (
        "SELECT string_agg(CAST(t AS TEXT), ', ') FROM (SELECT tag AS t FROM tag) AS _s1 "
        "WHERE c.archived = FALSE AND name ILIKE '%%x' AND id = %(id)s"  # SQLite's LIKE: any case
    )


# --- a server: creating the store -----------------------------------------------------------


def test_db_init_creates_the_schema_from_the_models(net, pg_empty, monkeypatch):
    monkeypatch.setenv("NET_DB", pg_empty)
    result = net("list", code=4)
    assert result.stderr == f"error: no netcli store in {pg_empty} (net db init creates one)\n"
    assert net("db", "init").stderr == f"Created a new store in {pg_empty}\n"
    assert net("db", "init").stderr == f"{pg_empty} already holds a netcli store\n"
    from sqlmodel import SQLModel

    from netcli.store import models  # noqa: F401

    tables = {
        r[0] for r in psql(pg_empty, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    }
    assert tables == set(SQLModel.metadata.tables) | {"netcli_meta"}
    from netcli.store.migrations import latest

    assert psql(pg_empty, "SELECT value FROM netcli_meta") == [(str(latest()),)]
    assert net.json("show", "me")["name"] == "Me"


def test_tag_list_follows_the_tags_on_the_server(net, pg_store):
    net("add", "Anna Blu", "--tag", "zeta", "--tag", "alfa", "--tag", "été")
    assert psql(pg_store, "SELECT tag_list FROM contact WHERE name = 'Anna Blu'") == [
        ("alfa, zeta, été",)  # byte order, as SQLite sorts, whatever the server's collation
    ]
    net("edit", "Anna", "--untag", "alfa")
    assert net.json("show", "Anna")["tags"] == ["zeta", "été"]


def test_newer_schema_is_refused_untouched(net, pg_store):
    psql(pg_store, "UPDATE netcli_meta SET value = '999'")
    for args in (["list"], ["add", "Anna"], ["db", "migrate"]):
        result = net(*args, code=4)
        assert "was written by a newer netcli (schema 999" in result.stderr
    assert psql(pg_store, "SELECT count(*) FROM contact") == [(1,)]


def _older(url: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """Make the store one schema older, with a PostgreSQL step that brings it forward."""
    from netcli.store import migrations, pg

    latest = migrations.latest()
    psql(url, "UPDATE netcli_meta SET value = %s", (str(latest - 1),))

    def step(conn: Any) -> None:
        conn.execute("CREATE TABLE stepped (x INTEGER)")

    monkeypatch.setitem(pg.MIGRATIONS, latest, step)
    return latest


def test_older_schema_is_migrated_by_its_owner(net, pg_store, monkeypatch):
    latest = _older(pg_store, monkeypatch)
    assert net.json("list") == []  # a read migrates first, as a SQLite store is on opening
    assert psql(pg_store, "SELECT value FROM netcli_meta") == [(str(latest),)]
    assert psql(pg_store, "SELECT count(*) FROM stepped") == [(0,)]


def test_db_migrate_runs_the_steps_once(net, pg_store, monkeypatch):
    latest = _older(pg_store, monkeypatch)
    assert net("db", "migrate").stderr == (
        f"Migrated {pg_store} from schema {latest - 1} to {latest}\n"
    )
    assert net("db", "migrate").stderr == f"{pg_store} is at the current schema ({latest})\n"


def test_a_failed_migration_changes_nothing(net, pg_store, monkeypatch):
    from netcli.store import migrations, pg

    latest = migrations.latest()
    psql(pg_store, "UPDATE netcli_meta SET value = %s", (str(latest - 1),))

    def step(conn: Any) -> None:
        conn.execute("CREATE TABLE stepped (x INTEGER)")
        conn.execute("SELECT no_such_column FROM contact")

    monkeypatch.setitem(pg.MIGRATIONS, latest, step)
    net("db", "migrate", code=4)
    assert psql(pg_store, "SELECT value FROM netcli_meta") == [(str(latest - 1),)]
    assert psql(pg_store, "SELECT to_regclass('stepped') IS NULL") == [(True,)]


@pytest.fixture
def other_role(pg_server: str, pg_store: str) -> Any:
    """A second login role, allowed to use the store's tables but not their owner."""
    import uuid

    role = f"netcli_other_{uuid.uuid4().hex[:8]}"
    psql(pg_server, f'CREATE ROLE "{role}" LOGIN')
    psql(
        pg_store, f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}"'
    )
    psql(pg_store, f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO "{role}"')
    from urllib.parse import parse_qsl, urlencode, urlsplit

    parts = urlsplit(pg_store)
    query = dict(parse_qsl(parts.query))
    query["user"] = role
    yield f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode(query, safe='/')}"
    psql(pg_store, f'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "{role}"')
    psql(pg_store, f'REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM "{role}"')
    psql(pg_server, f'DROP ROLE IF EXISTS "{role}"')


def test_older_schema_not_owned_asks_the_owner(net, pg_store, other_role, monkeypatch):
    _older(pg_store, monkeypatch)
    monkeypatch.setenv("NET_DB", other_role)
    for args in (["list"], ["add", "Anna"]):
        assert net(*args, code=4).stderr == (
            "error: the store's schema is older than this net: ask its owner to run "
            "net db migrate\n"
        )


def test_permission_denied_is_exit_4(net, pg_store, other_role, monkeypatch):
    psql(pg_store, "REVOKE ALL ON contact FROM PUBLIC")
    role = other_role.split("user=")[1]
    psql(pg_store, f'REVOKE ALL ON contact FROM "{role}"')
    monkeypatch.setenv("NET_DB", other_role)
    result = net("list", code=4)
    assert result.stderr.startswith("error: permission denied on ")
    assert result.stderr.count("\n") == 1


def test_read_only_database_is_exit_4_and_writes_nothing(net, pg_server, pg_store):
    dbname = pg_store.split("?")[0].rsplit("/", 1)[1]
    psql(pg_server, f'ALTER DATABASE "{dbname}" SET default_transaction_read_only = on')
    result = net("add", "Anna Blu", code=4)
    assert (
        result.stderr == f"error: the store {pg_store} is read-only (a read-only server or role)\n"
    )
    assert net.json("list") == []


def test_a_held_lock_times_out_as_busy(net, pg_store, monkeypatch):
    import psycopg

    from netcli.store.pg import LOCK_CLASS

    monkeypatch.setenv("NET_BUSY_TIMEOUT", "200")
    with psycopg.connect(pg_store) as holder:
        holder.execute(
            "SELECT pg_advisory_xact_lock(%s, hashtext(current_user::text))", (LOCK_CLASS,)
        )
        result = net("add", "Anna Blu", code=4)
        assert result.stderr.startswith("error: store busy, try again (")
        assert net.json("list") == []  # reads never wait for the writers' lock


def test_reads_see_one_snapshot(pg_store):
    from netcli.store import pg

    with pg.reading(pg_store) as conn:
        before = conn.execute("SELECT count(*) FROM contact").fetchone()
        psql(
            pg_store,
            "INSERT INTO contact (name, search_key, trust, is_me, archived, created_at, "
            "updated_at) VALUES ('X', 'x', 3, FALSE, FALSE, 'now', 'now')",
        )
        assert conn.execute("SELECT count(*) FROM contact").fetchone() == before
        with pytest.raises(Exception, match="read-only"):
            conn.execute("DELETE FROM contact")


# --- kill -9 and Ctrl-C in the middle of a write --------------------------------------------


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Any:
    import subprocess
    import sys
    from pathlib import Path

    path = tmp_path_factory.mktemp("big") / "Connections.csv"
    script = Path(__file__).parent.parent.parent / "benchmarks" / "make_linkedin.py"
    subprocess.run([sys.executable, str(script), str(path), "40000"], check=True)
    return path


@pytest.mark.slow
@pytest.mark.parametrize("sig", ["KILL", "INT"])
def test_interrupted_import_leaves_the_server_store_as_before(net, pg_store, big_file, sig):
    import json
    import signal
    import subprocess
    import sys
    import time

    net("add", "Maria Rossi", "--email", "maria@x.it", "--every", "1m")
    before = json.loads(net("export").stdout)
    proc = subprocess.Popen(
        [sys.executable, "-m", "netcli", "import", str(big_file)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ),
    )  # fmt: skip
    # Rows are flowing once the import holds the store's lock and has been writing a while.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        held = psql(
            pg_store,
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND pid <> pg_backend_pid()",
        )
        if held[0][0]:
            break
        time.sleep(0.05)
    time.sleep(1.0)
    assert proc.poll() is None, "the import finished before it could be interrupted"
    proc.send_signal(getattr(signal, f"SIG{sig}"))
    _, err = proc.communicate(timeout=60)
    if sig == "INT":
        assert proc.returncode == 130
        assert err.strip().splitlines()[-1] == "error: interrupted; nothing was changed"
    else:
        assert proc.returncode == -signal.SIGKILL
    after = json.loads(net("export").stdout)
    before.pop("exported_at"), after.pop("exported_at")
    assert after == before
    net("add", "Luca Verdi")  # the server let the lock go with the dead connection
