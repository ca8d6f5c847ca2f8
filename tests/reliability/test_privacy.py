"""Privacy: no network at all, and debug tracebacks without local variables."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent.parent / "data"


def test_no_command_touches_the_network(net, monkeypatch, tmp_path: Path):
    def refuse(*args, **kwargs):
        raise AssertionError(f"network use: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "__init__", refuse)
    net("demo")
    for args in (
        ["due"],
        ["digest"],
        ["match"],
        ["who", "commercialista"],
        ["report"],
        ["balance"],
        ["show", "2"],
        ["path", "#5"],
        ["dupes"],
        ["export", "--to", "vcard", "-o", str(tmp_path / "x.vcf")],
        ["import", str(DATA / "linkedin_current.csv")],
        ["backup", str(tmp_path / "b.db")],
    ):
        result = net(*args, code=None)
        assert result.exit_code in (0, 1), (args, result.stderr)  # a refusal would be exit 70


@pytest.mark.slow
def test_debug_traceback_shows_no_local_values(net, env: Path):
    net("add", "Segretissima Persona", "--note", "very private note")
    code = (
        "import sys\n"
        "from netcli.services import refs\n"
        "def boom(conn, ref):\n"
        "    secret = 'very private note'\n"
        "    raise RuntimeError('bug')\n"
        "refs.resolve = boom\n"
        "sys.argv = ['net', 'show', 'Segretissima']\n"
        "from netcli.cli import main\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "NET_DEBUG": "1"},
    )
    assert result.returncode == 70
    assert "RuntimeError: bug" in result.stderr
    assert "Traceback (most recent call last)" in result.stderr
    assert (
        "very private note" not in result.stderr
    )  # a local's value (code run by -c has no source lines)
