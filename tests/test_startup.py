"""Start-up stays light: the CLI module and the read commands load no database ORM."""

from __future__ import annotations

import subprocess
import sys

# psycopg too: the SQLite path never imports it (spec §13; 0.1-0.3 s)
HEAVY = ("sqlalchemy", "sqlmodel", "pydantic", "psycopg")


def loaded_modules(code: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return {line.split(".")[0] for line in result.stdout.splitlines()}


def test_import_netcli_cli_loads_no_orm():
    modules = loaded_modules("import netcli.cli")
    assert not modules & set(HEAVY), modules & set(HEAVY)
    assert "rich" not in modules
    assert "typer" not in modules  # main() decides first whether Typer is needed at all


def run_and_list_modules(*args: str) -> set[str]:
    code = (
        "import sys, atexit\n"
        "atexit.register(lambda: sys.stderr.write('MODULES ' + ' '.join(sys.modules) + '\\n'))\n"
        "from netcli.cli import main\n"
        f"sys.argv = ['net', *{list(args)!r}]\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    line = next(li for li in result.stderr.splitlines() if li.startswith("MODULES "))
    return {m.split(".")[0] for m in line.split()[1:]}


def test_read_commands_load_no_orm(net):
    net("add", "Anna Blu", "--tag", "x")
    for args in (
        ["list"],
        ["show", "anna"],
        ["find", "anna"],
        ["--help"],
        ["db", "path"],
        ["list", "--format", "tsv"],
        ["config"],
        ["history", "--limit", "5"],
        ["history", "anna", "--format", "csv"],
    ):
        modules = run_and_list_modules(*args)
        assert not modules & set(HEAVY), (args, modules & set(HEAVY))


def test_hot_reads_load_only_what_they_print(net):
    """`net list` and `net due` as tables: no JSON, CSV or decimal module, no temporary
    files, and no `dataclasses` (it imports `inspect`): each a few ms of a command that runs
    all day (benchmarks/timing.py)."""
    net("add", "Anna Blu", "--tag", "x", "--every", "1w")
    for args in (["list"], ["due"]):
        modules = run_and_list_modules(*args)
        unwanted = {"json", "csv", "decimal", "tempfile", "typer", "dataclasses", "inspect"}
        assert not modules & unwanted, (args, modules & unwanted)


def test_machine_output_needs_no_rich(net):
    net("add", "Anna Blu")
    assert "rich" not in run_and_list_modules("list", "--json")


def test_everyday_writes_load_no_orm(net):
    """`net add`, `net edit`, `net log` and the follow-up writes (`remind`, `snooze`, `done`)
    are plain SQL: ~70 ms instead of ~450 ms with SQLModel."""
    net("add", "Anna Blu")
    for args in (
        ["add", "Carlo Neri", "--tag", "x", "--via", "Anna"],
        ["log", "Anna", "Carlo"],
        ["edit", "Carlo", "--tag", "y", "--untag", "x", "--every", "2w"],
        ["remind", "Carlo", "tomorrow"],
        ["snooze", "Carlo", "friday"],
        ["done", "Carlo"],
        ["add", "Dario Blu"],
        ["intro", "Carlo", "Dario"],
        ["give", "Carlo", "a lead", "--value", "100"],
        ["got", "Dario", "advice", "--kind", "advice"],
        ["ask", "Dario", "a lawyer", "--tag", "legal"],
        ["resolve", "1"],
        ["outcome", "2", "business", "--value", "50"],
        ["link", "Carlo", "Dario", "--note", "soci"],
        ["unlink", "Dario", "Carlo"],
        ["add", "Ennio Blu"],
        ["rm", "Ennio", "--yes"],
        ["edit", "x1", "--date", "yesterday", "--add", "Dario"],
        ["edit", "g1", "--value", "120", "--to", "Dario"],
        ["edit", "i1", "--note", "fixed"],
        ["rm", "a1", "--yes"],
    ):
        modules = run_and_list_modules(*args)
        assert not modules & set(HEAVY), (args, modules & set(HEAVY))
    assert [c["name"] for c in net.json("list")] == ["Anna Blu", "Carlo Neri", "Dario Blu"]
    assert len(net.json("intros")) == 2  # `--via Anna` made the first
    assert len(net.json("gives")) == 2
    assert net.json("asks", "--all") == []  # `net rm a1` deleted it
    assert [i["status"] for i in net.json("intros")] == ["business", "made"]
    assert net.json("show", "Carlo")["last_contact"] == "2026-11-27"


def test_help_and_find_load_no_typer(net):
    """`net --help` (a constant, cli/_help.py) and `net find TEXT` (the fast path) without
    Typer, Click or Rich; `net find --help` and narrow terminals still go to Typer."""
    net("add", "Anna Blu", "--company", "Rossi SpA")
    for args in (["--help"], ["-h"], ["find", "rossi"], ["find", "ross", "--json"]):
        assert not run_and_list_modules(*args) & {"typer", "rich", "click", "shutil"}, args
    assert "typer" in run_and_list_modules("find", "--help")


def test_machine_output_of_due_and_list_loads_no_typer(net):
    """The fast path (cli/fast.py): Typer alone costs ~37 ms of every run."""
    net("add", "Anna Blu", "--every", "1w")
    for args in (["due", "--json"], ["list", "--format", "tsv"], ["due"], ["list"]):
        assert not run_and_list_modules(*args) & {"typer", "rich", "sqlalchemy"}, args
    assert "typer" in run_and_list_modules("due", "--help")  # the rest still goes to Typer


def test_match_loads_no_typer_and_no_orm(net):
    """`net match` takes the fast path too (issue 15: every open ask within 1 s on 100k
    contacts, ~70 ms of it was Typer); Rich only draws a terminal, never a pipe."""
    net("add", "Anna Blu", "--category", "avvocato")
    net("add", "Bruno Neri")
    net("ask", "Bruno", "an avvocato", "--tag", "legal")
    for args in (["match"], ["match", "#1", "--json"], ["match", "--limit", "1", "--format=csv"]):
        modules = run_and_list_modules(*args)
        assert not modules & {"typer", "click", "rich", *HEAVY}, (args, modules & {"typer", "rich"})
    assert "typer" in run_and_list_modules("match", "--help")


def test_every_write_command_loads_no_orm(net, env, tmp_path):
    """One write path: the writes that used to open a SQLModel session (merge, dupes
    --merge-safe, config, demo, archive, the imports) run on plain sqlite3 like the rest."""
    net("add", "Anna Blu", "--email", "anna@blu.it")
    net("add", "Anna Blu", "--email", "ANNA@blu.it", "--force")
    net("add", "Bruno Neri", "--email", "b@neri.it")
    net("add", "Bruno Neri", "--email", "B@neri.it", "--force")
    net("add", "Carla Rossi")
    net("add", "Carla Rossa")
    contacts = tmp_path / "people.csv"
    contacts.write_text("Name,Email\nDario Verdi,d@verdi.it\n", encoding="utf-8")
    document = tmp_path / "net.json"
    net("export", "-o", str(document))
    empty = tmp_path / "empty.db"
    net("--db", str(empty), "config", "currency", "EUR")  # exists, holds nothing but me
    restored = tmp_path / "restored.db"
    net("--db", str(restored), "add", "Zed")  # exists, and a restore may replace it:
    net("--db", str(restored), "rm", "Zed", "--yes")  # it holds nothing but me again
    for args in (
        ["archive", "Carla Rossa"],
        ["unarchive", "Carla Rossa"],
        ["merge", "Carla Rossi", "Carla Rossa", "--yes"],
        ["dupes", "--merge-safe", "--yes"],
        ["config", "currency", "CHF"],
        ["config", "dates.order", "mdy"],
        ["import", str(contacts)],
        ["--db", str(restored), "import", str(document)],
        ["--db", str(empty), "demo"],
        ["db", "check", "--repair"],
        ["backup", str(tmp_path / "copy.db")],
        ["export", "--to", "csv", "-o", str(tmp_path / "out.csv")],
    ):
        modules = run_and_list_modules(*args)
        assert not modules & set(HEAVY), (args, modules & set(HEAVY))
    assert [c["name"] for c in net.json("list")] == [
        "Anna Blu", "Bruno Neri", "Carla Rossi", "Dario Verdi",
    ]  # fmt: skip
    assert net.json("config") == {
        "currency": "CHF", "dates.order": "mdy", "due.ask_days": "14", "due.intro_days": "7",
        "due.proposed_days": "3", "due.referral_days": "2",
    }  # fmt: skip
    assert len(net.json("--db", str(restored), "list")) == 6
    assert len(net.json("--db", str(empty), "list")) == 40
