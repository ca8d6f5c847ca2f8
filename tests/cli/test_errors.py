"""Failures: one `error:` line, the spec §5 exit code, no traceback, nothing half-written."""

from __future__ import annotations

from pathlib import Path


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
