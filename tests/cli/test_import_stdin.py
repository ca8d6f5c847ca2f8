"""`net import -` reads all of its input before it takes the write lock (issue 12.5): a writer
that stalls mid-stream must not keep other commands waiting."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest


def _rows(count: int) -> str:
    return "".join(f"Persona {i},persona{i}@example.it\n" for i in range(count))


@pytest.mark.slow  # real processes, and a writer that stalls on purpose
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_stalled_stdin_writer_does_not_hold_the_store(net, net_proc, env: Path, fmt):
    net("add", "Anna Blu")  # the store exists: the import is a merge
    if fmt == "csv":
        head, tail = "Name,Email\n" + _rows(6000), _rows(10)
    else:
        contacts = [{"id": 1, "name": "Me"}] + [
            {"id": i + 2, "name": f"Persona {i}", "notes": "x" * 40} for i in range(6000)
        ]
        text = json.dumps({"format": "netcli", "version": 1, "me_id": 1, "contacts": contacts})
        head, tail = text[: len(text) // 2], text[len(text) // 2 :]
    assert len(head.encode()) > 2 * 64 * 1024  # past the first chunk the reader takes
    environ = {**os.environ, "NET_BUSY_TIMEOUT": "2000"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "netcli", "import", "-", "--from", fmt],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environ,
    )  # fmt: skip
    assert proc.stdin is not None
    proc.stdin.write(head.encode())
    proc.stdin.flush()
    time.sleep(1.5)  # the writer stalls; the importer has read what there is
    added = net_proc("add", "Bruno Verdi", extra_env={"NET_BUSY_TIMEOUT": "2000"})
    assert added.returncode == 0, added.stderr
    proc.stdin.write(tail.encode())
    proc.stdin.close()
    assert proc.wait(timeout=120) == 0, proc.stderr.read()  # type: ignore[union-attr]
    names = {c["name"] for c in net.json("list")}
    assert {"Anna Blu", "Bruno Verdi", "Persona 0", "Persona 5999"} <= names
