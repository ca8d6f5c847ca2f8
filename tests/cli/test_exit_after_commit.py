"""A non-zero exit means nothing changed, and a change is never reported as a failure
(issues 12.7, 12.14): Ctrl-C after COMMIT, a closed or full stdout after a write."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest


def run(*args: str, stdout: Any, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`net ARGS` as a real process with the given stdout (a file, or None to close fd 1)."""
    if stdout is None:  # `net … >&-`: start with file descriptor 1 closed
        return subprocess.run(
            ["/bin/sh", "-c", 'exec "$@" >&-', "sh", sys.executable, "-m", "netcli", *args],
            stderr=subprocess.PIPE,
            text=True,
            timeout=timeout,
        )
    return subprocess.run(
        [sys.executable, "-m", "netcli", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=timeout,
    )


def interactions(store: Path) -> list[str]:
    url = os.environ["NET_DB"]
    if url.startswith("postgres"):
        from netcli.store.pg import connect

        conn: Any = connect(url)
    else:
        conn = sqlite3.connect(store)
    try:
        return [r[0] for r in conn.execute("SELECT note FROM interaction ORDER BY id")]
    finally:
        conn.close()


@pytest.fixture
def anna(net: Any, env: Path) -> Path:
    net("add", "Anna Blu")
    net("remind", "anna", "today", "-m", "call back")  # so that `net due` has a line to print
    return env


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_write_whose_stdout_is_full_exits_0_with_a_warning(anna: Path) -> None:
    with open("/dev/full", "w") as full:
        result = run("log", "anna", "-m", "hi", stdout=full)
    assert result.returncode == 0
    assert result.stderr.startswith("warning: the change was saved, but its result could not be")
    assert len(result.stderr.splitlines()) == 1
    assert interactions(anna) == ["hi"]  # logged once: a retry is not needed


def test_a_write_whose_stdout_is_closed_exits_0_with_a_warning(anna: Path) -> None:
    result = run("log", "anna", "-m", "closed", stdout=None)
    assert result.returncode == 0
    assert result.stderr.startswith("warning: the change was saved")
    assert interactions(anna) == ["closed"]
    result = run("add", "Bruno Verdi", stdout=None)  # the other write path (typer + plain SQL)
    assert (result.returncode, result.stderr[:8]) == (0, "warning:")


@pytest.mark.parametrize("args", [["list"], ["due"], ["show", "anna"], ["export"]], ids=" ".join)
def test_a_read_whose_stdout_is_closed_fails_in_one_line(anna: Path, args: list[str]) -> None:
    result = run(*args, stdout=None)
    assert result.returncode == 3
    assert result.stderr == "error: cannot write the output (standard output is closed)\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["list"], ["due"], ["export"]], ids=" ".join)
def test_a_read_whose_stdout_is_full_fails_in_one_line(anna: Path, args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = run(*args, stdout=full)
    assert result.returncode == 3
    assert result.stderr == "error: cannot write the output (No space left on device)\n"


@pytest.mark.sqlite_only("interrupts the SQLite WAL checkpoint that follows the commit")
def test_ctrl_c_after_commit_is_not_reported_as_nothing_changed(
    net: Any, env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C in the checkpoint that follows `net rm`'s COMMIT: the contact is gone, so the
    command must not say "nothing was changed" nor exit non-zero."""
    from netcli.store import db

    net("add", "Anna Blu")

    def interrupted(path: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(db, "checkpoint", interrupted)
    result = net("rm", "anna", "--yes", code=0)
    assert result.stderr.splitlines()[-1].startswith("warning: interrupted after the change was")
    assert "nothing was changed" not in result.stderr
    assert net.json("list") == []
    # before any commit, Ctrl-C still means nothing changed (exit 130)
    net("add", "Bruno Verdi")
    monkeypatch.setattr(db, "write_connection", _interrupt_on_enter)
    result = net("rm", "bruno", "--yes", code=130)
    assert result.stderr.splitlines()[-1] == "error: interrupted; nothing was changed"


def _interrupt_on_enter(*args: Any, **kwargs: Any) -> Any:
    raise KeyboardInterrupt


@pytest.mark.slow
@pytest.mark.sqlite_only("a SQLite reader holding up the WAL checkpoint after the commit")
def test_rm_does_not_wait_for_a_reader_after_commit(net: Any, env: Path) -> None:
    """The checkpoint after `rm`/`merge` never waits for a reader (it used to wait the whole
    busy timeout, a window in which Ctrl-C reported the saved change as a failure)."""
    net("add", "Anna Blu")
    net("add", "Bruno Verdi")
    reader = sqlite3.connect(env, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM contact").fetchone()  # holds a read snapshot
    try:
        environ = {**os.environ, "NET_BUSY_TIMEOUT": "120000"}  # the bug waited all of it
        for args in (["rm", "anna", "--yes"], ["merge", "me", "bruno", "--yes"]):
            started = time.monotonic()
            result = subprocess.run(
                [sys.executable, "-m", "netcli", *args],
                capture_output=True,
                text=True,
                env=environ,
                timeout=300,
            )
            elapsed = time.monotonic() - started
            assert result.returncode == 0, result.stderr
            assert elapsed < 60, f"net {' '.join(args)} took {elapsed:.1f} s"
    finally:
        reader.execute("ROLLBACK")
        reader.close()
