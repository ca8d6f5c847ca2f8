"""Exports and backups are written whole or not at all, never over the store, never through a
symbolic link, and never chmod anything they did not create (issues 11.3, 12.1, 12.2, 12.13)."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def limited(limit: int) -> Any:
    """preexec_fn: a file-size limit (`ulimit -f`), as a full disk would stop the write."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def run(*args: str, preexec: Any = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "netcli", *args],
        capture_output=True,
        text=True,
        preexec_fn=preexec,
        timeout=120,
    )


@pytest.fixture
def filled(net: Any, env: Path) -> Path:
    for i in range(40):
        net("add", f"Persona {i}", "--note", "appunti " * 400, "--email", f"p{i}@example.it")
    return env


@pytest.mark.sqlite_only("the store's own file and WAL: a server store has none")
@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
@pytest.mark.parametrize("to", ["json", "csv"])
def test_export_refuses_the_store_and_its_wal(net: Any, env: Path, suffix: str, to: str) -> None:
    net("add", "Anna Blu")
    target = Path(f"{env}{suffix}")
    before = target.read_bytes() if target.exists() else None
    for extra in ([], ["--force"]):
        result = net("export", "--to", to, "-o", str(target), *extra, code=3)
        assert result.stderr.startswith(f"error: {target} is the store")
        assert result.stderr.endswith(": export elsewhere\n")
    assert (target.read_bytes() if target.exists() else None) == before
    assert net.json("list")[0]["name"] == "Anna Blu"


@pytest.mark.sqlite_only("the store's own file: a server store has none")
def test_export_refuses_the_store_through_another_name(net: Any, env: Path, tmp_path: Path) -> None:
    net("add", "Anna Blu")
    alias = tmp_path / "alias.db"
    alias.symlink_to(env)
    net("export", "-o", str(alias), "--force", code=3)
    net("export", "-o", str(tmp_path / "." / env.name), "--force", code=3)
    assert net.json("list")[0]["name"] == "Anna Blu"


def test_export_overwrites_an_existing_file_only_with_force(net: Any, tmp_path: Path) -> None:
    net("add", "Anna Blu")
    out = tmp_path / "out.json"
    out.write_text("precious")
    result = net("export", "-o", str(out), code=3)
    assert result.stderr == f"error: {out} already exists (use --force to overwrite)\n"
    assert out.read_text() == "precious"
    net("export", "-o", str(out), "--force")
    assert '"Anna Blu"' in out.read_text()
    assert mode(out) == 0o600


@pytest.mark.sqlite_only("a SQLite backup is a copy of the file; a server's: test_pg_roles.py")
def test_backup_onto_the_store_or_its_wal_is_refused(net: Any, env: Path) -> None:
    net("add", "Anna Blu")
    for target in (env, Path(f"{env}-wal"), Path(f"{env}-shm")):
        result = net("backup", str(target), "--force", code=3)
        assert result.stderr.startswith(f"error: {target} is the store")
    assert net.json("list")[0]["name"] == "Anna Blu"


@pytest.mark.sqlite_only("a SQLite backup is a copy of the file; a server's: test_pg_roles.py")
def test_backup_creates_missing_folders_0700(net: Any, tmp_path: Path) -> None:
    net("add", "Anna Blu")
    deep = tmp_path / "a" / "b" / "copy.db"
    assert net("backup", str(deep)).stdout == f"Backed up to {deep}\n"
    assert mode(deep) == 0o600
    assert mode(deep.parent) == 0o700 and mode(deep.parent.parent) == 0o700
    folder = tmp_path / "missing"
    made = Path(net("backup", f"{folder}/").stdout.removeprefix("Backed up to ").strip())
    assert folder.is_dir() and made.parent == folder and made.name.startswith("net-")
    assert mode(folder) == 0o700
    copy = sqlite3.connect(made)
    assert copy.execute("SELECT name FROM contact WHERE id = 2").fetchone()[0] == "Anna Blu"
    copy.close()
    assert sorted(p.name for p in folder.iterdir()) == [made.name]  # no -wal, no temp file


def test_a_failed_export_keeps_the_previous_one(filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("the previous export\n")
    result = run("export", "-o", str(out), "--force", preexec=limited(48 * 1024))
    assert result.returncode == 4, result.stderr
    assert result.stderr.startswith(f"error: cannot write {out}: the disk is full")
    assert len(result.stderr.splitlines()) == 1
    assert out.read_text() == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.sqlite_only("a SQLite backup is a copy of the file; a server's: test_pg_roles.py")
def test_a_failed_backup_leaves_nothing_and_names_the_destination(
    filled: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "backups" / "copy.db"
    result = run("backup", str(dest), preexec=limited(48 * 1024))
    assert result.returncode == 4, result.stderr
    assert result.stderr.startswith(f"error: cannot write {dest}")
    assert str(filled) not in result.stderr
    assert list(dest.parent.iterdir()) == []  # no 0-byte file, no temporary file
    previous = tmp_path / "old.db"
    previous.write_bytes(b"previous backup")
    run("backup", str(previous), "--force", preexec=limited(48 * 1024))
    assert previous.read_bytes() == b"previous backup"


def test_an_interrupted_export_keeps_the_previous_one(filled: Path, tmp_path: Path) -> None:
    """kill -9 in the middle: the destination is the old file or the new one, never a mix."""
    out = tmp_path / "out.json"
    out.write_text("the previous export\n")
    code = (
        "import os, signal\n"
        "from netcli import files\n"
        "def killed(path, data):\n"
        "    with open(path, 'wb') as f:\n"
        "        f.write(data[: len(data) // 2]); f.flush()\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "files.write_bytes = killed\n"
        "from netcli.cli import main\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "export", "-o", str(out), "--force"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == -signal.SIGKILL
    assert out.read_text() == "the previous export\n"


def test_export_never_chmods_what_it_did_not_create(net: Any, tmp_path: Path) -> None:
    """A pipe keeps its mode (it stands for /dev/null: a regression must not chmod that)."""
    net("add", "Anna Blu")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo, 0o644)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    net("export", "--to", "csv", "-o", str(fifo))
    reader.join(timeout=30)
    assert b"Anna Blu" in received[0]
    assert mode(fifo) == 0o644


def test_export_never_follows_a_symlink(net: Any, tmp_path: Path) -> None:
    net("add", "Anna Blu")
    link = tmp_path / "out.json"
    elsewhere = tmp_path / "elsewhere" / "target.json"
    link.symlink_to(elsewhere)
    assert "already exists" in net("export", "-o", str(link), code=3).stderr
    net("export", "-o", str(link), "--force")  # replaces the link itself
    assert not link.is_symlink() and mode(link) == 0o600
    assert not elsewhere.parent.exists()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    os.chmod(victim, 0o644)
    link2 = tmp_path / "out2.json"
    link2.symlink_to(victim)
    net("export", "-o", str(link2), "--force")
    assert victim.read_text() == "keep me" and mode(victim) == 0o644


def test_export_to_dev_stdout_appends_to_a_redirected_file(net: Any, tmp_path: Path) -> None:
    net("add", "Anna Blu")
    out = tmp_path / "out.csv"
    out.write_text("kept\n")
    with open(out, "a") as handle:
        result = subprocess.run(
            [sys.executable, "-m", "netcli", "export", "--to", "csv", "-o", "/dev/stdout"],
            stdout=handle,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0, result.stderr
    lines = out.read_text().splitlines()
    assert lines[0] == "kept" and lines[2].startswith("2,Anna Blu,")
