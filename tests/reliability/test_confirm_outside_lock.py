"""`net rm` and `net merge` ask before they take the write lock (spec §2): while a person
thinks about the question, other processes write as usual; the write then checks that what
the person said yes to is still what would happen."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,  # real processes on a pseudo-terminal
    pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal"),
]


def _net(*args: str) -> subprocess.CompletedProcess[str]:
    # a short lock wait: the old behaviour (waiting on a person) fails fast instead of in 5 s
    env = {**os.environ, "NET_BUSY_TIMEOUT": "2000"}
    return subprocess.run(
        [sys.executable, "-m", "netcli", *args], capture_output=True, text=True, env=env, timeout=60
    )


class Prompted:
    """A `net` process on a terminal, stopped at its confirmation question."""

    def __init__(self, proc: subprocess.Popen[bytes], master: int) -> None:
        self.proc, self.master, self.seen = proc, master, b""

    def read_until(self, text: bytes, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            assert left > 0, f"no {text!r} on the terminal; saw {self.seen!r}"
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # the process ended and closed the terminal
                    chunk = b""
                assert chunk, f"terminal closed before {text!r}; saw {self.seen!r}"
                self.seen += chunk

    def answer(self, line: str) -> int:
        os.write(self.master, line.encode() + b"\n")
        code = self.proc.wait(timeout=30)
        while True:  # what it printed after the answer
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if not ready:
                break
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                break
            if not chunk:
                break
            self.seen += chunk
        return code


@contextmanager
def prompted(*args: str) -> Iterator[Prompted]:
    master, slave = os.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "netcli", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=dict(os.environ),
        start_new_session=True,
    )
    os.close(slave)
    try:
        yield Prompted(proc, master)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)


def test_a_pending_rm_question_does_not_block_other_writers(env: Path):
    _net("add", "Luca Neri")
    with prompted("rm", "luca") as rm:
        rm.read_until(b"Delete Luca Neri? [y/N]")
        # Were the lock held during the question, this add would wait its 2 s busy timeout
        # and fail with exit 4 (the question is never answered meanwhile): no clock needed,
        # which a busy machine would make lie.
        added = _net("add", "Anna Blu")
        assert (added.returncode, added.stdout) == (0, "Added #3 Anna Blu\n"), added.stderr
        assert rm.answer("y") == 0
    assert b"Deleted #2 Luca Neri" in rm.seen
    names = [c["name"] for c in json.loads(_net("list", "--json").stdout)]
    assert names == ["Anna Blu"]


def test_rm_refuses_when_the_contact_changed_while_it_asked(env: Path):
    _net("add", "Luca Neri")
    with prompted("rm", "luca") as rm:
        rm.read_until(b"Delete Luca Neri? [y/N]")
        assert _net("log", "luca", "-m", "caffè").returncode == 0  # one more thing to delete
        assert rm.answer("y") == 3
    assert b"error: #2 Luca Neri changed while you were confirming; nothing deleted" in rm.seen
    assert _net("show", "Luca Neri", "--json").returncode == 0


def test_rm_refuses_when_the_contact_was_deleted_while_it_asked(env: Path):
    _net("add", "Luca Neri")
    with prompted("rm", "luca") as rm:
        rm.read_until(b"Delete Luca Neri? [y/N]")
        assert _net("rm", "2", "--yes").returncode == 0
        assert rm.answer("y") == 3
    assert b"error: #2 was deleted while you were confirming; nothing deleted" in rm.seen


def test_a_pending_merge_question_does_not_block_other_writers(env: Path):
    _net("add", "Maria Rossi")
    _net("add", "M. Rossi", "--force")
    with prompted("merge", "Maria Rossi", "M. Rossi") as merge:
        merge.read_until(b"Merge M. Rossi into Maria Rossi? [y/N]")
        added = _net("add", "Anna Blu")
        assert added.returncode == 0, added.stderr
        edited = _net("edit", "M. Rossi", "--city", "Roma")  # changes what the merge fills
        assert edited.returncode == 0, edited.stderr
        assert merge.answer("y") == 3
    assert b"#3 M. Rossi changed while you were confirming; nothing merged" in merge.seen
    with prompted("merge", "Maria Rossi", "M. Rossi") as merge:
        merge.read_until(b"[y/N]")
        assert merge.answer("y") == 0
    assert b"Merged #3 into #2 Maria Rossi" in merge.seen
