"""The same `net` on both backends (spec §13): a user's everyday commands print the same on
a SQLite file and on a PostgreSQL database, a JSON export moves a store between them, and the
commands not ported yet refuse cleanly (exit 4) before touching anything."""

from __future__ import annotations

import json
import re

EVERYDAY = [
    ["add", "Anna Blu", "--tag", "clienti", "--tag", "milano", "--every", "2w",
     "--birthday", "1980-11-30", "--email", "anna@blu.it", "--phone", "+39 02 123",
     "--company", "ACME"],
    ["add", "Nicolò D'Àngelo", "--via", "Anna", "--category", "avvocato"],
    ["add", "Dario Rossi", "--tag", "vela"],
    ["log", "Anna", "nicolo", "-m", "caffè"],
    ["log", "Dario", "--kind", "call", "--date", "2026-11-20"],
    ["intro", "nicolo", "Dario", "-m", "soci?"],
    ["give", "nicolo", "un cliente", "--value", "1200.50"],
    ["got", "Dario", "consiglio", "--kind", "advice"],
    ["ask", "Dario", "un commercialista", "--tag", "fisco"],
    ["ask", "Anna", "un avvocato", "--tag", "avvocato"],
    ["resolve", "1"],
    ["outcome", "2", "business", "--value", "50"],
    ["link", "nicolo", "Dario", "--note", "soci"],
    ["remind", "nicolo", "tomorrow"],
    ["snooze", "nicolo", "friday"],
    ["done", "Dario"],
    ["edit", "Dario", "--tag", "barca", "--untag", "vela", "--every", "1m"],
    ["add", "Ennio Blu"],
    ["rm", "Ennio", "--yes"],
]  # fmt: skip

READS = [
    ["list"],
    ["list", "--json"],
    ["list", "--tag", "milano", "--format", "csv"],
    ["show", "Anna"],
    ["show", "nicolo", "--json"],
    ["due"],
    ["due", "--json", "--days", "30"],
    ["find", "nicolo"],
    ["find", "acme", "--json"],
    ["intros"],
    ["gives", "--json"],
    ["asks", "--all"],
    ["balance"],
    ["digest"],
    ["report"],
    ["report", "--json"],
    ["referrals", "--json"],
    ["path", "Dario"],
    ["who", "avvocato"],
    ["match"],
    ["dupes"],
    ["config"],
    ["db", "check"],
    ["export", "--to", "csv"],
    ["export", "--to", "vcard"],
]

STAMP = re.compile(r'"(created_at|updated_at|exported_at)": "[^"]*"')


def run_all(net, db: str, commands: list[list[str]]) -> list[tuple[str, int, str]]:
    results = []
    for args in commands:
        result = net("--db", db, *args, code=None)
        results.append((" ".join(args), result.exit_code, STAMP.sub(r'"\1": "…"', result.stdout)))
    return results


def test_everyday_commands_print_the_same_on_both_backends(net, env, pg_store):
    net("--db", str(env), "db", "init")
    for db in (str(env), pg_store):
        for args in EVERYDAY:
            net("--db", db, *args)
    on_sqlite, on_postgres = run_all(net, str(env), READS), run_all(net, pg_store, READS)
    for lite, pg in zip(on_sqlite, on_postgres, strict=True):
        assert lite[1] == 0, lite
        assert pg == lite


def test_json_export_moves_a_store_to_the_server_and_back(net, env, pg_store, tmp_path):
    sqlite_db = str(env)
    for args in EVERYDAY:
        net("--db", sqlite_db, *args)
    before = STAMP.sub("", net("--db", sqlite_db, "export", "--to", "json").stdout)
    document = net("--db", sqlite_db, "export", "--to", "json").stdout
    net("--db", pg_store, "import", "-", input=document)
    on_server = net("--db", pg_store, "export", "--to", "json").stdout
    assert STAMP.sub("", on_server) == before
    back = str(tmp_path / "back.db")
    net("--db", back, "import", "-", input=on_server)
    assert STAMP.sub("", net("--db", back, "export", "--to", "json").stdout) == before
    # the server's id sequences moved past the restored ids
    net("--db", pg_store, "add", "Zeno Verdi")
    assert net.json("--db", pg_store, "show", "Zeno")["id"] == 1 + max(
        c["id"] for c in json.loads(on_server)["contacts"]
    )


def test_imports_merge_into_a_server_store(net, pg_store):
    net("add", "Anna Blu", "--email", "anna@blu.it")
    result = net("import", "tests/data/contacts.csv")
    assert "Imported tests/data/contacts.csv (csv): " in result.stdout + result.stderr
    again = net("import", "tests/data/contacts.csv", "--json")
    assert json.loads(again.stdout)["added"] == 0
    net("import", "--dry-run", "tests/data/vcard40.vcf")
    assert len(net.json("list")) == len(json.loads(net("export").stdout)["contacts"]) - 1


def test_export_to_a_file_from_a_server_store(net, pg_store, tmp_path):
    net("add", "Anna Blu", "--tag", "clienti")
    dest = tmp_path / "out.json"
    net("export", "--to", "json", "-o", str(dest))
    assert [c["name"] for c in json.loads(dest.read_text())["contacts"]] == ["Me", "Anna Blu"]
    assert dest.stat().st_mode & 0o777 == 0o600
    net("export", "--to", "csv", "-o", str(dest), code=3)  # no --force: the file stays
    assert json.loads(dest.read_text())["format"] == "netcli"


def test_a_shell_pipe_moves_a_store_to_the_server_and_back(net, env, pg_store, tmp_path):
    """spec §13, as the user types it: `net export --to json | NET_DB=postgresql://… net
    import -` and back again, real processes joined by a pipe."""
    import os
    import shlex
    import subprocess
    import sys

    sqlite_db = str(env)
    for args in EVERYDAY:
        net("--db", sqlite_db, *args)
    before = STAMP.sub("", net("--db", sqlite_db, "export", "--to", "json").stdout)
    net_cmd = f"{shlex.quote(sys.executable)} -m netcli"
    back = tmp_path / "back.db"

    def pipe(source: str, target: str) -> None:
        line = (
            f"NET_DB={shlex.quote(source)} {net_cmd} export --to json | "
            f"NET_DB={shlex.quote(target)} {net_cmd} import -"
        )
        done = subprocess.run(
            ["bash", "-o", "pipefail", "-c", line],
            capture_output=True, text=True, env=dict(os.environ), timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr

    pipe(sqlite_db, pg_store)
    assert STAMP.sub("", net("--db", pg_store, "export", "--to", "json").stdout) == before
    pipe(pg_store, str(back))
    assert STAMP.sub("", net("--db", str(back), "export", "--to", "json").stdout) == before


def test_round_trips_to_the_server_are_counted_and_few(net, net_proc, pg_store):
    """NET_PG_TRIPS=1 prints the count at exit (docs/performance.md): the everyday commands
    stay within what the 10k benchmark store needs. A write also makes the role's `me` when it
    has none and refreshes the term index of the contacts it touched (docs/performance.md)."""
    net("add", "Anna Blu", "--email", "anna@blu.it", "--tag", "clienti", "--every", "1w")
    net("log", "Anna", "-m", "caffè", "--date", "2026-11-01")
    for args, most in ((["due"], 16), (["show", "anna"], 23), (["list"], 4), (["add", "Bo"], 24)):
        done = net_proc(*args, extra_env={"NET_PG_TRIPS": "1"})
        assert done.returncode == 0, done.stderr
        line = done.stderr.splitlines()[-1]
        assert re.fullmatch(r"net: \d+ round trips to the server", line), line
        assert 3 <= int(line.split()[1]) <= most, (args, line)
