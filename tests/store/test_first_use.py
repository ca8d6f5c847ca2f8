"""The first use of a store: its folders and files, made private whatever the path's shape and
however many processes start at once (spec §2)."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from netcli import files


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_folders_made_at_once_by_many_are_not_an_error(tmp_path: Path) -> None:
    """Two first runs creating the same missing folder: the loser sees 'File exists'."""
    for round_ in range(60):
        target = tmp_path / f"r{round_}" / "a" / "b" / "net.db"
        start = threading.Barrier(8)
        errors: list[BaseException] = []

        def make(
            target: Path = target,
            start: threading.Barrier = start,
            errors: list[BaseException] = errors,
        ) -> None:
            start.wait()
            try:
                files.make_private_folders(target.parent)
            except BaseException as exc:  # collected and reported below
                errors.append(exc)

        threads = [threading.Thread(target=make) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert mode(target.parent) == 0o700 and mode(target.parent.parent) == 0o700


@pytest.mark.slow
def test_many_concurrent_first_runs_all_succeed(tmp_path: Path) -> None:
    """Real processes, each the first `net add` on a store whose folders do not exist yet."""
    for round_ in range(3):
        store = tmp_path / f"round{round_}" / "deep" / "er" / "net.db"
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "netcli", "--db", str(store), "add", f"Person {i}"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for i in range(12)
        ]
        results = [(p.wait(timeout=300), *p.communicate()) for p in procs]
        assert [r for r in results if r[0] != 0] == []
        created = [r for r in results if r[2] == f"Created a new store at {store}\n"]
        assert len(created) == 1
        assert [r[2] for r in results].count("") == 11
        conn = sqlite3.connect(store)
        assert conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 13
        conn.close()
        assert mode(store) == 0o600 and mode(store.parent) == 0o700


def test_a_store_created_through_a_dangling_symlink_is_private(
    net_proc: Any, tmp_path: Path
) -> None:
    link = tmp_path / "net.db"
    real = tmp_path / "real" / "folder" / "store.db"
    link.symlink_to(real)
    old = os.umask(0o022)
    try:
        result = net_proc("--db", str(link), "add", "Anna Blu")
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and real.is_file()
    assert mode(real) == 0o600 and mode(real.parent) == 0o700
    holder = sqlite3.connect(link)  # keep the WAL open to see its files
    holder.execute("SELECT count(*) FROM contact").fetchone()
    sidecars = [p for p in tmp_path.rglob("*") if p.name.endswith(("-wal", "-shm"))]
    assert sidecars
    assert {p.name: mode(p) for p in sidecars} == {p.name: 0o600 for p in sidecars}
    holder.close()


def test_an_empty_file_becomes_a_private_store(net: Any, env: Path) -> None:
    env.touch(mode=0o644)
    os.chmod(env, 0o644)
    net("add", "Anna Blu")
    assert mode(env) == 0o600
