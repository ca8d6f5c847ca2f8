"""The store under what real users do to it, with real processes (issue 7)."""

from __future__ import annotations

import hashlib
import os
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from netcli.store import migrations

pytestmark = pytest.mark.slow


def net_process(
    *args: str, env_extra: dict[str, str] | None = None, code: str | None = None, preexec=None
) -> subprocess.Popen[str]:
    """Start `net ARGS` (or a Python snippet that ends by running net) as a real process."""
    program = code or "from netcli.cli import main; main()"
    return subprocess.Popen(
        [sys.executable, "-c", program, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env_extra or {})},
        preexec_fn=preexec,
    )


def run(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    proc = net_process(*args, **kwargs)
    out, err = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def checkpoint(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def test_a_write_waits_for_a_lock_held_two_seconds(net, env: Path):
    net("add", "Anna Blu")
    holder = sqlite3.connect(env, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    threading.Timer(2.0, lambda: holder.execute("COMMIT")).start()
    started = time.monotonic()
    result = run("add", "Carlo Neri")
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started >= 1.9
    holder.close()
    assert [c["name"] for c in net.json("list")] == ["Anna Blu", "Carlo Neri"]


def test_a_lock_held_past_the_busy_timeout_is_exit_4(net, env: Path):
    net("add", "Anna Blu")
    holder = sqlite3.connect(env, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = run("add", "Carlo Neri", env_extra={"NET_BUSY_TIMEOUT": "300"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 4
    assert result.stderr.startswith("error: store busy, try again")
    assert len(result.stderr.splitlines()) == 1


# A migration step that announces itself, then waits for the signal. It waits ten minutes,
# not the test's timeout: on a busy machine a shorter wait could end before the signal came
# (or race the timeout), and the test would fail for the machine, not for the code. SIGINT
# raises KeyboardInterrupt even in a process started with it ignored (as a background job).
SLOW_MIGRATION = """
import signal, sys, time
signal.signal(signal.SIGINT, signal.default_int_handler)
from netcli.store import migrations
def slow(conn):
    conn.execute("ALTER TABLE contact ADD COLUMN nickname TEXT")
    conn.execute("UPDATE contact SET nickname = name")
    sys.stderr.write("MIGRATING\\n"); sys.stderr.flush()
    time.sleep(600)
migrations.MIGRATIONS[migrations.latest() + 1] = slow
from netcli.cli import main
main()
"""


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_killed_migration_leaves_the_store_as_before(net, env: Path, sig):
    for name in ("Anna Blu", "Carlo Neri"):
        net("add", name, "--note", "x" * 5000)
    checkpoint(env)
    before = dump(env)
    proc = net_process("list", code=SLOW_MIGRATION)
    try:
        assert proc.stderr is not None
        assert proc.stderr.readline().strip() == "MIGRATING"
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:  # it ignored the signal: fail, and leave no process behind
            proc.kill()
            proc.wait()
    if sig == signal.SIGINT:
        assert proc.returncode == 130
        assert err.strip().splitlines()[-1] == "error: interrupted; nothing was changed"
    assert integrity(env) == "ok"
    assert dump(env) == before
    conn = sqlite3.connect(env)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.latest()
    conn.close()


def _limit_file_size(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_disk_full_is_a_clear_error_and_keeps_earlier_data(net, env: Path, tmp_path: Path):
    net("add", "Anna Blu")
    checkpoint(env)
    before = dump(env)
    size = env.stat().st_size
    big = tmp_path / "big.csv"
    big.write_text("name,notes\n" + "".join(f"P{i},{'y' * 100_000}\n" for i in range(20)))
    result = run("import", str(big), preexec=_limit_file_size(size + 64 * 1024))
    assert result.returncode == 4, result.stderr
    assert result.stderr.startswith("error: cannot write") and "disk is full" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert integrity(env) == "ok"
    assert dump(env) == before


def _break(path: Path, how: str) -> None:
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    if how == "truncated":
        path.write_bytes(bytes(data[: len(data) // 2 + 100]))
    elif how == "overwritten page":
        conn = sqlite3.connect(path)
        roots = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name IN ('contact', 'ix_contact_list')"
        ).fetchall()
        conn.close()
        # the root pages of the contact table and of the index `net list` reads alone
        for (root,) in roots:
            start = (root - 1) * page
            data[start : start + page] = os.urandom(page)
        path.write_bytes(bytes(data))
    elif how == "random bytes":
        path.write_bytes(os.urandom(len(data)))
    elif how == "newer schema":
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA user_version = 99")
        conn.commit()
        conn.close()
    elif how == "another program":
        path.unlink()
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('mine')")
        conn.commit()
        conn.close()


@pytest.mark.parametrize(
    "how", ["truncated", "overwritten page", "random bytes", "newer schema", "another program"]
)
def test_broken_or_foreign_files_are_exit_4_and_untouched(net, env: Path, how):
    for i in range(60):
        net("add", f"Person {i}", "--note", "n" * 300, "--tag", "t")
    checkpoint(env)
    _break(env, how)
    before = digest(env)
    for args in (["add", "Someone New"], ["list"], ["edit", "Person 1", "--tag", "x"]):
        result = run(*args)
        assert result.returncode == 4, (how, args, result.returncode, result.stderr)
        assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr
        assert len(result.stderr.splitlines()) == 1
    assert digest(env) == before


def test_rm_leaves_no_trace_in_the_files(net, env: Path):
    for i in range(20):
        net("add", f"Keeper {i}")
    net("add", "Quintilia Zebedeo", "--email", "quintilia@segreto.it", "--note", "segretissimo")
    net("link", "Quintilia", "Keeper 1")
    reader = sqlite3.connect(env)  # another process holding the store open
    reader.execute("SELECT count(*) FROM contact").fetchone()
    result = run("rm", "Quintilia", "--yes")
    assert result.returncode == 0, result.stderr
    reader.close()
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{env}{suffix}")
        if path.exists():
            data = path.read_bytes()
            for secret in (b"Quintilia", b"quintilia@segreto", b"segretissimo"):
                assert secret not in data, (suffix, secret)


def test_backup_while_writers_run_is_consistent(net, net_workers, tmp_path: Path):
    net("add", "Anna Blu")
    writers = net_workers("for i in range(40):\n    net('add', f'Writer {sys.argv[1]} {i}')\n", 2)
    backups = []
    for i in range(3):
        target = tmp_path / f"b{i}.db"
        result = run("backup", str(target))
        assert result.returncode == 0, result.stderr
        backups.append(target)
    assert writers.wait(timeout=120) == []
    for target in backups:
        assert integrity(target) == "ok"
        assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_every_file_created_is_private_under_umask_022(net, env: Path, tmp_path: Path):
    store = tmp_path / "private" / "net.db"
    holder = None
    old = os.umask(0o022)
    try:
        assert run("--db", str(store), "add", "Anna Blu").returncode == 0
        holder = sqlite3.connect(store)  # keep -wal/-shm alive
        holder.execute("SELECT 1 FROM contact").fetchall()
        assert run("--db", str(store), "backup").returncode == 0
        assert run("--db", str(store), "backup", str(tmp_path / "b.db")).returncode == 0
        for to in ("json", "csv", "vcard"):
            out = tmp_path / f"export.{to}"
            assert run("--db", str(store), "export", "--to", to, "-o", str(out)).returncode == 0
    finally:
        os.umask(old)
    created = [
        store,
        Path(f"{store}-wal"),
        Path(f"{store}-shm"),
        tmp_path / "b.db",
        *tmp_path.glob("export.*"),
        *(store.parent / "backups").glob("*.db"),
    ]
    assert len(created) >= 8
    for path in created:
        assert path.exists(), path
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE((store.parent / "backups").stat().st_mode) == 0o700
    assert stat.S_IMODE(store.parent.stat().st_mode) == 0o700
    if holder is not None:
        holder.close()
