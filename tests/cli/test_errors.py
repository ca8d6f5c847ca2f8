"""Failures: one `error:` line, the spec §5 exit code, no traceback, nothing half-written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def test_usage_errors_are_exit_2_in_one_line(net):
    for args, needle in (
        (["add"], "error: missing argument 'name' (see 'net add --help')"),
        (["frobnicate"], "error: no such command 'frobnicate'"),
        (["list", "--sort", "height"], "error: invalid value for '--sort'"),
        (["list", "--limit", "0"], "error: invalid value for '--limit'"),
        (["list", "--format", "xml"], "error: invalid value for '--format'"),
    ):
        result = net(*args, code=2)
        assert result.stderr.startswith(needle), result.stderr
        assert len(result.stderr.splitlines()) == 1
        assert "Traceback" not in result.stderr


def test_no_command_shows_help(net):
    assert net().stdout.startswith("Usage: net [OPTIONS] COMMAND")
    assert net("db").stdout.startswith("Usage: net db [OPTIONS] COMMAND")


def test_version(net):
    from netcli import __version__

    assert net("--version").stdout == f"net {__version__}\n"


def test_bad_net_today_is_an_input_error(net, monkeypatch):
    monkeypatch.setenv("NET_TODAY", "someday")
    assert net("add", "Anna", code=3).stderr == (
        "error: NET_TODAY must be YYYY-MM-DD, not 'someday'\n"
    )


def test_bugs_are_one_line_and_net_debug_shows_a_traceback(net_proc, monkeypatch):
    code = (
        "import sys\n"
        "from netcli.cli import views\n"
        "views.Output = None\n"  # break the list command on purpose
        "sys.argv = ['net', 'list']\n"
        "from netcli.cli import main\n"
        "main()\n"
    )
    import subprocess
    import sys

    quiet = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert quiet.returncode == 70
    assert quiet.stderr == "error: unexpected TypeError (run with NET_DEBUG=1 for details)\n"
    loud = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "NET_DEBUG": "1"},
    )
    assert "Traceback (most recent call last)" in loud.stderr
    assert "locals" not in loud.stderr.lower()


def test_ctrl_c_exits_130_and_rolls_back(net, env: Path, monkeypatch):
    from netcli.services import contacts

    net("add", "Anna Blu")
    original = contacts.refresh_contacts

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(contacts, "refresh_contacts", interrupted)
    result = net("add", "Carlo Neri", code=130)
    assert result.stderr == "error: interrupted; nothing was changed\n"
    monkeypatch.setattr(contacts, "refresh_contacts", original)
    assert [c["name"] for c in net.json("list")] == ["Anna Blu"]


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """9,000 contacts: a listing of ~350 kB, more than a pipe holds, in several writes."""
    folder = tmp_path_factory.mktemp("big")
    people = folder / "people.csv"
    lines = [f"Persona Numero {i},persona{i}@example.it,Studio {i}" for i in range(9000)]
    people.write_text("Name,Email,Company\n" + "\n".join(lines) + "\n", encoding="utf-8")
    store = folder / "big.db"
    subprocess.run(
        [sys.executable, "-m", "netcli", "--db", str(store), "import", str(people)],
        check=True,
        capture_output=True,
    )
    return store


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--format", "tsv"],  # the fast path
        ["list", "--format", "TSV"],  # Typer's path (an upper-case choice)
        ["list"],
        ["export"],
    ],
)
def test_a_reader_that_stops_early_is_not_an_error(big_store: Path, args: list[str]):
    """`net list | head -1`: exit 0 and nothing on stderr, on both paths (Click alone would
    exit 1; Python's own exit would print "Exception ignored" and exit 120)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "netcli", "--db", str(big_store), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 0
    assert err == b""


@pytest.mark.parametrize("args", [["due", "--json"], ["show", "Anna", "--json"]])
def test_a_reader_gone_before_the_output_is_flushed(net, args: list[str]):
    """Buffered output (no PYTHONUNBUFFERED) to a pipe closed before net writes: the flush
    fails inside run_guarded (exit 0), not in Python's exit ("Exception ignored", 120)."""
    net("add", "Anna Blu", "--every", "1w")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    read, write = os.pipe()
    os.close(read)  # nobody will ever read
    try:
        done = subprocess.run(
            [sys.executable, "-m", "netcli", *args],
            stdout=write,
            stderr=subprocess.PIPE,
            env=env,
            timeout=60,
        )
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (0, b"")


@pytest.mark.parametrize("limit", ["99999999999999999999", "1" * 5000])
@pytest.mark.parametrize("fmt", ["tsv", "TSV"])
def test_a_huge_limit_is_all_or_a_usage_error(net, limit: str, fmt: str):
    from netcli.cli import fast

    net("add", "Anna Blu")
    assert fast.parse(["list", "--limit", limit]) is None  # Typer's int rules decide
    if len(limit) > 4300:  # more digits than Python turns into an int
        assert net("list", "--limit", limit, code=2).stderr.startswith(
            "error: invalid value for '--limit'"
        )
    else:
        assert net("list", "--format", fmt, "--limit", limit).stdout.count("Anna Blu") == 1


@pytest.mark.parametrize(
    "args", [["outcome", "²", "met"], ["resolve", "²"], ["outcome", "i١", "met"]]
)
def test_a_record_id_in_non_ascii_digits_is_an_input_error(net, args):
    net("add", "Maria Rossi")  # a store to read
    result = net(*args, code=3)
    assert result.stderr.startswith("error: "), result.stderr
    assert len(result.stderr.splitlines()) == 1
