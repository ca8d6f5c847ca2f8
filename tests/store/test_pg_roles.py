"""Several people in one PostgreSQL database (spec §13, issue 16 items 4-5): each role sees,
changes and deletes only its own private rows, through `net` and through plain SQL; `me` is
per role; `net db grant ROLE [--admin]`; `net backup` writes the role's own rows as JSON.

Each test gets a database owned by a plain (non-superuser) role A that ran `net db init` and
let role B in with `net db grant`, and a role C that nobody let in. The server's own test role
is a superuser, which row-level security never applies to: the roles here are not."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest


def sql(url: str, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.execute(statement, params or None)  # type: ignore[arg-type]
        return cur.fetchall() if cur.description else []


def as_role(url: str, role: str | None, dbname: str | None = None) -> str:
    """`url` as ROLE (None: as its own user), on the database DBNAME."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    if role is not None:
        query["user"] = role
    path = f"/{dbname}" if dbname else parts.path
    return f"{parts.scheme}://{parts.netloc}{path}?{urlencode(query, safe='/', quote_via=quote)}"


@dataclass
class Roles:
    a: str  # the schema's owner (ran net db init)
    b: str  # let in with net db grant
    c: str  # a login role nobody let in
    names: tuple[str, str, str]
    admin: str  # the superuser URL of the same database


def _make_roles(pg_server: str, count: int) -> list[str]:
    from psycopg import sql as q

    names = [f"netcli_{x}_{uuid.uuid4().hex[:8]}" for x in "abcdefg"[:count]]
    import psycopg

    with psycopg.connect(pg_server, autocommit=True) as conn:
        for name in names:
            conn.execute(q.SQL("CREATE ROLE {} LOGIN").format(q.Identifier(name)))
    return names


def _drop(pg_server: str, dbname: str, roles: list[str]) -> None:
    import psycopg
    from psycopg import sql as q

    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(q.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(q.Identifier(dbname)))
        for name in roles:
            conn.execute(q.SQL("DROP ROLE IF EXISTS {}").format(q.Identifier(name)))


@pytest.fixture
def roles(pg_server: str, net: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    names = _make_roles(pg_server, 3)
    dbname = f"netcli_rls_{uuid.uuid4().hex[:10]}"
    sql(pg_server, f'CREATE DATABASE "{dbname}" OWNER "{names[0]}" TEMPLATE template0')
    urls = [as_role(pg_server, name, dbname) for name in names]
    monkeypatch.setenv("NET_DB", urls[0])
    net("db", "init")
    net("db", "grant", names[1])
    yield Roles(*urls, names=(names[0], names[1], names[2]), admin=as_role(pg_server, None, dbname))
    _drop(pg_server, dbname, names)


def as_(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("NET_DB", url)


def fill(net: Any, who: str) -> None:
    """A small network of one person's: contacts, tags, an ask, a give, an intro, a log, a
    link and a reminder."""
    net("add", f"{who} Uno", "--tag", f"tag{who}", "--every", "1w", "--company", f"Ditta{who}")
    net("add", f"{who} Due", "--category", "notaio")
    net("log", f"{who} Uno", "-m", f"caffè con {who}", "--date", "2026-10-01")
    net("ask", f"{who} Due", f"un avvocato per {who}")
    net("give", f"{who} Uno", f"un cliente per {who}", "--value", "100")
    net("got", f"{who} Due", f"consiglio di {who}", "--kind", "advice")
    net("intro", f"{who} Uno", f"{who} Due", "-m", "soci")
    net("link", f"{who} Uno", f"{who} Due")
    net("remind", f"{who} Due", "2026-11-29")


# --- through net ------------------------------------------------------------------------------


def test_each_role_sees_only_its_own_rows_through_net(net, roles, monkeypatch):
    monkeypatch.setenv("NET_TODAY", "2026-11-28")
    fill(net, "Alfa")
    as_(monkeypatch, roles.b)
    fill(net, "Beta")
    for url, mine, theirs in ((roles.a, "Alfa", "Beta"), (roles.b, "Beta", "Alfa")):
        as_(monkeypatch, url)
        assert [c["name"] for c in net.json("list")] == [f"{mine} Due", f"{mine} Uno"]
        due = net("due").stdout
        assert mine in due and theirs not in due
        assert [h["name"] for h in net.json("find", "uno")] == [f"{mine} Uno"]
        assert net.json("find", theirs) == []
        shown = net.json("show", f"{mine} Uno")
        assert shown["tags"] == [f"tag{mine.lower()}"]
        balance = net("balance").stdout
        assert mine in balance and theirs not in balance
        for listing in ("asks", "gives", "intros", "history"):
            text = net(listing, "--all" if listing == "asks" else "--json").stdout
            assert theirs not in text, listing
        exported = json.loads(net("export").stdout)
        assert {c["name"] for c in exported["contacts"]} == {"Me", f"{mine} Uno", f"{mine} Due"}
        assert all(theirs not in json.dumps(v) for v in exported.values())


def test_a_role_cannot_reach_another_roles_rows_by_id(net, roles, monkeypatch):
    fill(net, "Alfa")
    anna = net.json("show", "Alfa Uno")["id"]
    as_(monkeypatch, roles.b)
    for args in (
        ["show", f"#{anna}"],
        ["edit", f"#{anna}", "--company", "Presa"],
        ["log", f"#{anna}", "-m", "spia"],
        ["rm", f"#{anna}", "--yes"],
        ["edit", f"#{anna}", "--tag", "spiato"],
        ["link", f"#{anna}", "me"],
    ):
        result = net(*args, code=3)
        assert result.stderr == f"error: no contact #{anna}\n", args
    for record in ("a1", "g1", "i1", "x1", "r1"):  # a's records (the first of each kind)
        assert net("show", record, code=3).stderr.startswith("error: no "), record
        net("rm", record, "--yes", code=3)
    as_(monkeypatch, roles.a)
    after = net.json("show", "Alfa Uno")
    assert after["company"] == "DittaAlfa" and after["tags"] == ["tagalfa"]


def test_each_role_has_its_own_me(net, roles, monkeypatch):
    me_a = net.json("show", "me")
    as_(monkeypatch, roles.b)
    # a role that never wrote: its reads see an empty store, `me` is not there yet
    assert net.json("list") == []
    assert "Nothing due" in net("due").stderr
    assert net.json("find", "me") == []
    for args in (["balance"], ["digest"], ["history"], ["asks"], ["db", "check"], ["export"]):
        net(*args)
    assert net("show", "me", code=3).stderr == (
        "error: no 'me' contact yet: your first write (e.g. net add) creates it\n"
    )
    assert sql(roles.b, "SELECT count(*) FROM contact") == [(0,)]
    net("add", "Bea Verdi")  # the first write creates b's me, in the same transaction
    me_b = net.json("show", "me")
    assert me_b["id"] != me_a["id"] and me_b["name"] == "Me"
    net("add", "Bice Verdi")
    assert sql(roles.b, "SELECT count(*) FROM contact WHERE is_me") == [(1,)]
    owners = sql(roles.admin, "SELECT owner::text, count(*) FROM contact WHERE is_me GROUP BY 1")
    assert sorted(owners) == sorted([(roles.names[0], 1), (roles.names[1], 1)])


def test_db_init_me_belongs_to_the_initialising_role(net, roles):
    assert sql(roles.admin, "SELECT owner::text, name FROM contact") == [(roles.names[0], "Me")]


def test_the_write_lock_is_per_role(net, roles, monkeypatch):
    import psycopg

    from netcli.store.pg import LOCK_CLASS

    monkeypatch.setenv("NET_BUSY_TIMEOUT", "200")
    with psycopg.connect(roles.a) as holder:  # a's lock held, as by a's other machine
        holder.execute(
            "SELECT pg_advisory_xact_lock(%s, hashtext(current_user::text))", (LOCK_CLASS,)
        )
        assert "busy" in net("add", "Anna Blu", code=4).stderr
        as_(monkeypatch, roles.b)
        net("add", "Bea Verdi")  # b does not wait for a


def test_rm_deletes_the_rows_on_the_server(net, roles, monkeypatch):
    fill(net, "Alfa")
    gone = net.json("show", "Alfa Uno")["id"]
    net("rm", "Alfa Uno", "--yes")
    for table, column in (("contact", "id"), ("tag", "contact_id"), ("link", "a_id")):
        assert sql(roles.admin, f"SELECT count(*) FROM {table} WHERE {column} = %s", (gone,)) == [
            (0,)
        ]
    assert sql(roles.admin, "SELECT count(*) FROM give WHERE text LIKE %s", ("%Alfa%",)) == [(1,)]


# --- through plain SQL ------------------------------------------------------------------------


def test_plain_sql_as_each_role_sees_and_changes_only_its_rows(net, roles, monkeypatch):
    import psycopg

    fill(net, "Alfa")
    anna = net.json("show", "Alfa Uno")["id"]
    as_(monkeypatch, roles.b)
    net("add", "Bea Verdi", "--tag", "vela")
    a, b = roles.names[0], roles.names[1]
    assert {r[0] for r in sql(roles.b, "SELECT name FROM contact")} == {"Me", "Bea Verdi"}
    assert {r[0] for r in sql(roles.b, "SELECT owner::text FROM contact")} == {b}
    for table in ("tag", "ask", "give", "intro", "interaction", "link", "reminder", "setting"):
        assert all(r[0] == b for r in sql(roles.b, f"SELECT owner::text FROM {table}")), table
    assert sql(roles.b, "UPDATE contact SET name = 'preso' WHERE id = %s", (anna,)) == []
    assert sql(roles.b, "DELETE FROM tag WHERE contact_id = %s", (anna,)) == []
    assert sql(roles.b, "DELETE FROM ask") == []
    refused = [
        ("INSERT INTO contact (name, search_key, created_at, updated_at, owner) "
         "VALUES ('x', 'x', '', '', %s)", (a,)),
        ("UPDATE contact SET owner = %s WHERE name = 'Bea Verdi'", (a,)),
        # foreign keys alone would take these: PostgreSQL checks them past row-level security
        ("INSERT INTO tag (contact_id, tag) VALUES (%s, 'spia')", (anna,)),
        ("UPDATE contact SET via_id = %s WHERE name = 'Bea Verdi'", (anna,)),
        ("INSERT INTO reminder (contact_id, date, created_at) VALUES (%s, '2026-12-01', '')",
         (anna,)),
    ]  # fmt: skip
    for statement, params in refused:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            sql(roles.b, statement, params)
    as_(monkeypatch, roles.a)
    assert net.json("show", "Alfa Uno")["name"] == "Alfa Uno"
    assert net.json("show", "Alfa Uno")["tags"] == ["tagalfa"]
    assert len(net.json("asks", "--all")) == 1


def test_settings_are_per_role(net, roles):
    from netcli.store import pg, settings

    for url, value in ((roles.a, "EUR"), (roles.b, "CHF"), (roles.b, "USD")):
        with pg.writing(url) as conn:
            settings.put(conn, "currency", value)  # the upsert on (owner, key)
    assert sql(roles.a, "SELECT value FROM setting WHERE key = 'currency'") == [("EUR",)]
    assert sql(roles.b, "SELECT value FROM setting WHERE key = 'currency'") == [("USD",)]


def test_the_schema_owner_is_held_to_its_own_rows_too(net, roles, monkeypatch):
    as_(monkeypatch, roles.b)
    net("add", "Bea Verdi")
    assert [r[0] for r in sql(roles.a, "SELECT name FROM contact")] == ["Me"]  # FORCE


# --- net db grant -----------------------------------------------------------------------------


def test_an_ungranted_role_gets_one_permission_denied_line(net, roles, monkeypatch):
    as_(monkeypatch, roles.c)
    for args in (["list"], ["add", "Carla Neri"], ["backup", "x.json"]):
        result = net(*args, code=4)
        assert result.stderr.startswith(f"error: permission denied on {roles.c}: "), args
        assert result.stderr.count("\n") == 1 and result.stdout == ""


def test_grant_needs_the_schema_owner_or_an_admin(net, roles, monkeypatch):
    as_(monkeypatch, roles.b)
    result = net("db", "grant", roles.names[2], code=4)
    assert result.stderr == (
        "error: only the owner of the store's schema (or a role granted with --admin) can run "
        "net db grant\n"
    )
    as_(monkeypatch, roles.c)
    net("list", code=4)
    as_(monkeypatch, roles.a)
    assert net("db", "grant", roles.names[1], "--admin").stderr == (
        f"{roles.names[1]} can now use {roles.a} and let others in\n"
    )
    as_(monkeypatch, roles.b)
    net("db", "grant", roles.names[2])  # an admin lets others in
    as_(monkeypatch, roles.c)
    net("add", "Carla Neri")
    assert [c["name"] for c in net.json("list")] == ["Carla Neri"]
    assert sql(roles.c, "SELECT netcli_is_admin()") == [(False,)]
    assert sql(roles.b, "SELECT netcli_is_admin()") == [(True,)]
    assert sql(roles.a, "SELECT netcli_is_admin()") == [(True,)]


def test_grant_to_an_unknown_role_is_exit_3(net, roles):
    assert net("db", "grant", "nessuno_qui", code=3).stderr == (
        "error: no role 'nessuno_qui' on the server (its administrator creates it: "
        "CREATE ROLE … LOGIN)\n"
    )


def test_grant_quotes_the_role_name(net, roles, pg_server, monkeypatch):
    from psycopg import sql as q

    odd = f'Nicolò D\'Àngelo "x"; DROP TABLE contact; {uuid.uuid4().hex[:4]}'
    sql(pg_server, q.SQL("CREATE ROLE {} LOGIN").format(q.Identifier(odd)).as_string(None))
    try:
        net("db", "grant", odd)
        dbname = urlsplit(roles.a).path.lstrip("/")
        as_(monkeypatch, as_role(pg_server, odd, dbname))
        net("add", "Anna Blu")
        assert [c["name"] for c in net.json("list")] == ["Anna Blu"]
        assert sql(roles.admin, "SELECT count(*) FROM contact WHERE owner = %s", (odd,)) == [(2,)]
    finally:
        dbname = urlsplit(roles.a).path.lstrip("/")
        sql(roles.admin, q.SQL("DROP OWNED BY {}").format(q.Identifier(odd)).as_string(None))
        sql(pg_server, q.SQL("DROP ROLE {}").format(q.Identifier(odd)).as_string(None))


def test_grant_on_a_sqlite_store_is_exit_4(net, store):
    assert net("db", "grant", "anna", code=4).stderr == (
        "error: net db grant needs a PostgreSQL store (a SQLite file has no roles)\n"
    )


# --- net backup on a server -------------------------------------------------------------------


def test_backup_writes_the_roles_own_rows_as_a_json_export(net, roles, monkeypatch, tmp_path):
    fill(net, "Alfa")
    as_(monkeypatch, roles.b)
    net("add", "Bea Verdi", "--tag", "vela")
    said = net("backup", f"{tmp_path}/bk/").stdout
    assert said.startswith(f"Backed up to {tmp_path}/bk/net-") and said.endswith(".json\n")
    target = next((tmp_path / "bk").iterdir())
    assert target.stat().st_mode & 0o777 == 0o600
    document = json.loads(target.read_text())
    exported = json.loads(net("export", "--to", "json").stdout)
    document.pop("exported_at"), exported.pop("exported_at")
    assert document == exported
    assert {c["name"] for c in document["contacts"]} == {"Me", "Bea Verdi"}
    assert "Alfa" not in target.read_text()
    assert net("backup", str(target), code=3).stderr.endswith("(use --force to overwrite)\n")
    net("backup", str(target), "--force")


def test_backup_on_a_server_goes_to_the_user_data_folder_by_default(
    net, roles, monkeypatch, tmp_path
):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path))
    from netcli.paths import default_db_path

    said = net("backup").stdout
    folder = default_db_path().parent / "backups"
    assert said.startswith(f"Backed up to {folder}/net-")
    assert len(list(folder.glob("net-*.json"))) == 1


# --- the schema ---------------------------------------------------------------------------------


def _catalog(url: str) -> dict[str, Any]:
    """What the schema is made of: columns, indexes, constraints, policies, RLS flags."""
    q = {
        "columns": "SELECT table_name, column_name, data_type, is_nullable, column_default "
        "FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2",
        "indexes": "SELECT tablename, indexname, indexdef FROM pg_indexes "
        "WHERE schemaname = 'public' ORDER BY 1, 2",
        "constraints": "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
        "FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2",
        "policies": "SELECT tablename, policyname, qual, with_check FROM pg_policies ORDER BY 1, 2",
        "rls": "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
        "WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY 1",
        "functions": "SELECT proname, prosrc FROM pg_proc "
        "WHERE pronamespace = 'public'::regnamespace ORDER BY 1",
    }
    return {k: sql(url, v) for k, v in q.items()}


def test_every_private_table_has_an_owner_rls_and_owner_led_indexes(net, roles):
    from netcli.store.pg_owners import GROUP_TABLES

    catalog = _catalog(roles.admin)
    tables = {r[0] for r in catalog["rls"]} - {"netcli_meta"}
    private = tables - GROUP_TABLES
    assert {"contact", "tag", "ask", "give", "intro", "setting", "status_change"} <= private
    owners = {r[0]: r for r in catalog["columns"] if r[1] == "owner"}
    assert set(owners) == private
    assert all(r[3] == "NO" and r[4] == "CURRENT_USER" for r in owners.values())
    flags = {r[0]: r[1:] for r in catalog["rls"]}
    assert all(flags[t] == (True, True) for t in private)
    policies = {r[0]: r for r in catalog["policies"]}
    assert all(policies[t][2] == "(owner = CURRENT_USER)" for t in private)
    for table, name, definition in catalog["indexes"]:
        if table in private and not name.endswith("_pkey") and "UNIQUE" not in definition:
            assert "USING btree (owner, " in definition, definition
    assert ("setting", "setting_pkey", "PRIMARY KEY (owner, key)") in catalog["constraints"]


def test_a_schema_11_store_migrates_to_what_a_fresh_store_is(net, pg_server, roles, monkeypatch):
    """A PostgreSQL store made before schema 13 (the models' DDL, no owners): its owner's
    first command migrates it; its rows become the owner's; it then equals a fresh store."""
    from netcli.store import pg
    from netcli.store.migrations import latest

    old = roles.a.replace(urlsplit(roles.a).path, f"{urlsplit(roles.a).path}_old")
    dbname = urlsplit(old).path.lstrip("/")
    sql(pg_server, f'CREATE DATABASE "{dbname}" OWNER "{roles.names[0]}" TEMPLATE template0')
    try:
        import psycopg

        with psycopg.connect(old, autocommit=True) as conn:
            for statement in pg.schema_ddl():
                conn.execute(statement.encode())
            conn.execute(
                "INSERT INTO contact (name, search_key, trust, is_me, archived, created_at, "
                "updated_at) VALUES ('Me', 'me', 5, TRUE, FALSE, '', '')"
            )
            conn.execute("INSERT INTO netcli_meta VALUES ('schema_version', '11')")
            conn.execute("INSERT INTO setting VALUES ('currency', 'CHF')")
        as_(monkeypatch, old)
        net("add", "Anna Blu", "--tag", "clienti")
        assert sql(old, "SELECT value FROM netcli_meta") == [(str(latest()),)]
        assert _catalog(old) == _catalog(roles.a)
        everyone = as_role(pg_server, None, dbname)
        assert set(sql(everyone, "SELECT owner::text FROM contact")) == {(roles.names[0],)}
        assert net("config", "currency").stdout == "CHF\n"
    finally:
        sql(pg_server, f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def test_a_personal_store_moves_into_a_shared_one_renumbered(net, roles, monkeypatch, tmp_path):
    """Ids are one sequence per table on the server: b's document is merged in, renumbered,
    rather than restored with ids a's rows hold."""
    fill(net, "Alfa")
    personal = str(tmp_path / "personal.db")
    net("--db", personal, "add", "Beta Uno", "--tag", "vela")
    net("--db", personal, "log", "Beta Uno", "-m", "caffè")
    document = net("--db", personal, "export", "--to", "json").stdout
    as_(monkeypatch, roles.b)
    net("add", "Bea Verdi")  # b's first write makes b's me; b then looks like a new store
    net("rm", "Bea", "--yes")
    net("import", "-", input=document)
    assert [c["name"] for c in net.json("list")] == ["Beta Uno"]
    assert net.json("show", "Beta Uno")["tags"] == ["vela"]
    net("log", "Beta Uno", "-m", "di nuovo")  # the sequences moved past the imported ids
    as_(monkeypatch, roles.a)
    assert [c["name"] for c in net.json("list")] == ["Alfa Due", "Alfa Uno"]
    net("log", "Alfa Uno", "-m", "ancora")
    net("add", "Alfa Tre")


def test_a_merge_import_moves_the_id_sequences_past_its_rows(net, pg_store, tmp_path):
    personal = str(tmp_path / "personal.db")
    net("--db", personal, "add", "Piero Pan")
    net("--db", personal, "log", "Piero", "-m", "caffè")
    net("--db", personal, "ask", "Piero", "un notaio")
    net("add", "Anna Blu")  # not a new store: the import merges, ids given by net
    net("import", "-", input=net("--db", personal, "export").stdout)
    net("log", "Anna", "-m", "pranzo")
    net("ask", "Anna", "un geometra")
    net("add", "Zeno Verdi")
    assert len(net.json("history")) == 4


TWO_ROLES = """
import os
w, rounds = int(sys.argv[1]), int(sys.argv[2])
os.environ["NET_DB"] = sys.argv[3 + w % 2]
for i in range(rounds):
    me = f"Writer {w} Friend {i}"
    net("add", me, "--every", "2w")
    net("log", me, "Shared Person", "--kind", "call", "-m", f"w{w} r{i}")
    net("edit", "Shared Person", "--tag", f"w{w}r{i}")
"""


@pytest.mark.slow
def test_writers_of_two_roles_at_once_lose_nothing(net, roles, monkeypatch, net_workers):
    """Each role's writers queue on that role's lock; the two roles' writers run side by
    side, and each keeps exactly its own rows."""
    for url in (roles.a, roles.b):
        as_(monkeypatch, url)
        net("add", "Shared Person")
    rounds = 4
    assert net_workers(TWO_ROLES, 6, str(rounds), roles.a, roles.b).wait() == []
    for url, parity in ((roles.a, 0), (roles.b, 1)):
        as_(monkeypatch, url)
        tags = net.json("show", "Shared Person")["tags"]
        assert sorted(tags) == sorted(
            f"w{w}r{i}" for w in range(6) if w % 2 == parity for i in range(rounds)
        )
        names = [c["name"] for c in net.json("list") if c["name"].startswith("Writer ")]
        assert len(names) == 3 * rounds
        assert all(int(n.split()[1]) % 2 == parity for n in names)
